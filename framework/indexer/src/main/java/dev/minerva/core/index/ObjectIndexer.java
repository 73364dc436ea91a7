package dev.minerva.core.index;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.minerva.core.config.SourceRoute;
import dev.minerva.core.input.EntryLimits;
import dev.minerva.core.input.LogObjectParser;
import dev.minerva.core.input.ParseSummary;
import dev.minerva.core.terms.FieldTermExtractor;
import dev.minerva.core.terms.TermTokenizer;
import dev.minerva.core.warehouse.ObjectManifest;
import dev.minerva.core.warehouse.ObjectOutput;
import dev.minerva.core.warehouse.SourceObject;
import dev.minerva.core.warehouse.Warehouse;
import dev.minerva.core.warehouse.WrittenFile;
import dev.minerva.spi.ErrorKind;
import dev.minerva.spi.LogRecord;
import dev.minerva.spi.MinervaException;
import dev.minerva.spi.Position;
import dev.minerva.spi.RecordSink;
import dev.minerva.spi.Rejection;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Turns one log object into warehouse rows: parses it with its source's format, writes each record as a message
 * row plus one term row per distinct (field, term), and each rejection to the rejects table. An object already
 * indexed at the same version is left alone, so delivering it twice changes nothing.
 */
public final class ObjectIndexer {
    private static final ObjectWriter JSON = new ObjectMapper()
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .writer();

    private final Warehouse warehouse;
    private final TermTokenizer tokenizer;

    public ObjectIndexer(Warehouse warehouse, TermTokenizer tokenizer) {
        this.warehouse = requireNonNull(warehouse, "warehouse is null");
        this.tokenizer = requireNonNull(tokenizer, "tokenizer is null");
    }

    /**
     * Indexes {@code object} with {@code route}, reading it through {@code reader}. With {@code force}, an object
     * already indexed at this version is indexed again (rewriting the same files). Throws {@link IOException} when
     * the object or the warehouse cannot be read or written: a retry may succeed.
     */
    public IndexOutcome index(LogObject object, SourceRoute route, LogObjectReader reader, boolean force) throws IOException {
        requireNonNull(object, "object is null");
        requireNonNull(route, "route is null");
        SourceObject source = object.sourceObject();
        if (!force && warehouse.isIndexed(source)) {
            return IndexOutcome.unchanged(object.location(), object.size());
        }
        FieldTermExtractor extractor = new FieldTermExtractor(tokenizer);
        try (ObjectOutput out = warehouse.beginObject(source); InputStream in = reader.open(object)) {
            WarehouseSink sink = new WarehouseSink(out, extractor);
            ParseSummary summary;
            try {
                summary = LogObjectParser.parse(route.formatName(), route.format(), object.location(), route.tag(),
                        route.maxEntryBytes(), object.lastModified(), in, sink,
                        new EntryLimits(route.acceptedTime(), EntryLimits.DEFAULT_MAX_DEPTH));
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            ObjectManifest manifest = out.commit();
            long written = manifest.files().stream().mapToLong(WrittenFile::bytes).sum();
            return new IndexOutcome(object.location(), IndexOutcome.Status.INDEXED, "format " + route.formatName() + ", tag " + route.tag(),
                    summary.records(), summary.rejections(), summary.skips(), sink.termRows, summary.rawBytes(), written);
        }
    }

    /** Pushes parsed entries into the object's warehouse output; storage failures travel out unchecked. */
    private static final class WarehouseSink implements RecordSink {
        private final ObjectOutput out;
        private final FieldTermExtractor extractor;
        private long termRows;

        WarehouseSink(ObjectOutput out, FieldTermExtractor extractor) {
            this.out = out;
            this.extractor = extractor;
        }

        @Override
        public void accept(LogRecord record) {
            long seq = record.position().record();
            byte[] json;
            try {
                json = JSON.writeValueAsBytes(record.fields());
            } catch (JsonProcessingException e) {
                throw new MinervaException(ErrorKind.INTERNAL, "Cannot write the record at " + record.position() + " as JSON: " + e.getMessage(), e);
            }
            try {
                out.message(record.tag(), record.timestamp(), seq, json);
                extractor.extract(record.fields(), (field, term) -> {
                    try {
                        out.term(record.tag(), field, term, record.timestamp(), seq);
                        termRows++;
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void reject(Rejection rejection) {
            try {
                out.reject(rejection.position(), rejection.reason(), rejection.excerpt());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void skip(Position position, String reason) {
            // Counted by the parser's summary; a skipped entry leaves no row.
        }
    }
}
