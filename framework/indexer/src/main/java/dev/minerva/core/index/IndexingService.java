package dev.minerva.core.index;

import static java.util.Objects.requireNonNull;

import dev.minerva.core.config.SourceRoute;
import dev.minerva.core.config.SourceRoutes;
import dev.minerva.spi.ErrorKind;
import dev.minerva.spi.MinervaException;
import jakarta.inject.Inject;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Indexes a batch of objects: routes each by the configured sources, indexes it, and carries on past an object
 * that fails, so one bad object never costs the others.
 */
public final class IndexingService {
    private static final Logger LOG = LoggerFactory.getLogger(IndexingService.class);

    private final ObjectIndexer indexer;

    @Inject
    public IndexingService(ObjectIndexer indexer) {
        this.indexer = requireNonNull(indexer, "indexer is null");
    }

    /** Reports progress: bytes of input read, and each object as it finishes. */
    public interface Progress {
        void bytesRead(long bytes);

        void finished(IndexOutcome outcome);

        /** Progress nobody watches. */
        static Progress none() {
            return new Progress() {
                @Override
                public void bytesRead(long bytes) {}

                @Override
                public void finished(IndexOutcome outcome) {}
            };
        }
    }

    /** Indexes each object in turn and returns one outcome per object, in order. */
    public IndexSummary index(List<LogObject> objects, SourceRoutes routes, LogObjectReader reader, boolean force, Progress progress) {
        List<IndexOutcome> outcomes = new ArrayList<>();
        long started = System.nanoTime();
        for (LogObject object : objects) {
            IndexOutcome outcome = indexOne(object, routes, reader, force, progress);
            outcomes.add(outcome);
            progress.finished(outcome);
        }
        return new IndexSummary(outcomes, (System.nanoTime() - started) / 1_000_000);
    }

    /** Indexes one object; failures become a FAILED outcome, except user errors, which stop the run. */
    public IndexOutcome indexOne(LogObject object, SourceRoutes routes, LogObjectReader reader, boolean force, Progress progress) {
        Optional<SourceRoute> route = routes.route(object.location());
        if (route.isEmpty()) {
            LOG.info("No source matches {}; skipped", object.location());
            progress.bytesRead(object.size());
            return IndexOutcome.noSource(object.location(), object.size(), routes.origin());
        }
        LogObjectReader counting = o -> new CountingStream(reader.open(o), progress::bytesRead);
        try {
            IndexOutcome outcome = indexer.index(object, route.get(), counting, force);
            if (outcome.status() == IndexOutcome.Status.UNCHANGED) {
                progress.bytesRead(object.size());
            }
            return outcome;
        } catch (IOException e) {
            LOG.warn("Indexing {} failed: {}", object.location(), e.toString());
            return IndexOutcome.failed(object.location(), "I/O failure: " + e.getMessage());
        } catch (MinervaException e) {
            if (e.kind() == ErrorKind.USER_INPUT) {
                throw e;
            }
            LOG.warn("Indexing {} failed: {}", object.location(), e.getMessage(), e);
            return IndexOutcome.failed(object.location(), e.getMessage());
        }
    }

    /** Reports bytes as the format reads them, so progress moves within a large object. */
    private static final class CountingStream extends FilterInputStream {
        private final LongConsumer onRead;

        CountingStream(InputStream in, LongConsumer onRead) {
            super(in);
            this.onRead = onRead;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                onRead.accept(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                onRead.accept(n);
            }
            return n;
        }
    }
}
