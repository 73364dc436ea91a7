package dev.minerva.aws.s3;

import static java.util.Objects.requireNonNull;

import dev.minerva.aws.s3.ObjectRanges.Body;
import dev.minerva.spi.MinervaException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import org.slf4j.Logger;
import software.amazon.awssdk.core.exception.SdkException;
import org.slf4j.LoggerFactory;

/**
 * A byte range of an S3 object read as one stream that survives dropped connections: when a read fails midway,
 * it asks again for the bytes from where it stopped, pinned to the same ETag, a bounded number of times, waiting
 * longer before each attempt (exponential backoff with jitter) so a brief network or S3 hiccup passes.
 */
final class ResumingObjectStream extends InputStream {
    private static final Logger LOG = LoggerFactory.getLogger(ResumingObjectStream.class);
    /** The first wait before resuming; it doubles with each attempt, up to {@link #MAX_BACKOFF_MILLIS}. */
    static final long BASE_BACKOFF_MILLIS = 100;
    static final long MAX_BACKOFF_MILLIS = 5_000;

    private final ObjectRanges ranges;
    private final int maxResumes;
    private long position;
    private final long end;
    private Body body;
    private int resumes;
    private boolean closed;

    private ResumingObjectStream(ObjectRanges ranges, int maxResumes, long position, long end, Body body) {
        this.ranges = ranges;
        this.maxResumes = maxResumes;
        this.position = position;
        this.end = end;
        this.body = body;
    }

    /**
     * Opens bytes {@code [from, to)}, or from {@code from} to the end when {@code to} is negative. The first
     * request happens here, so a missing object or bucket fails now rather than on the first read.
     */
    static ResumingObjectStream open(ObjectRanges ranges, long from, long to, int maxResumes) throws IOException {
        requireNonNull(ranges, "ranges is null");
        if (maxResumes < 0) {
            throw new IllegalArgumentException("maxResumes is negative: " + maxResumes);
        }
        if (to >= 0 && to <= from) {
            return new ResumingObjectStream(ranges, maxResumes, from, from, null);
        }
        Body body = ranges.open(from, to);
        // Without a known end, a connection closed early would look like the end of the object.
        long end = to >= 0 ? to : body.length() >= 0 ? from + body.length() : Long.MAX_VALUE;
        return new ResumingObjectStream(ranges, maxResumes, from, end, body);
    }

    /** How many times this stream resumed after a dropped connection. */
    int resumes() {
        return resumes;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        if (closed) {
            throw new IOException("Stream of " + ranges.location() + " is closed");
        }
        if (length == 0) {
            return 0;
        }
        while (position < end) {
            if (body == null) {
                body = reopen();
            }
            try {
                int n = body.stream().read(buffer, offset, (int) Math.min(length, end - position));
                if (n > 0) {
                    position += n;
                    return n;
                }
                if (n < 0 && end != Long.MAX_VALUE) {
                    throw new EOFException("the connection ended at byte " + position + " of " + end);
                }
                if (n < 0) {
                    return -1;
                }
            } catch (IOException | SdkException | java.io.UncheckedIOException e) {
                // The SDK reports some mid-body failures unchecked (a checksum that no longer matches a cut body).
                drop();
                if (resumes >= maxResumes) {
                    throw new IOException("Reading " + ranges.location() + " failed at byte " + position + " after "
                            + resumes + " resumed connection(s): " + e.getMessage(), e);
                }
                resumes++;
                LOG.warn("Resuming {} at byte {} (attempt {} of {}) after: {}", ranges.location(), position, resumes,
                        maxResumes, e.toString());
                backOff(resumes);
            }
        }
        return -1;
    }

    @Override
    public int available() throws IOException {
        return body == null || closed ? 0 : body.stream().available();
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (body != null && position < end) {
            // Draining the rest of a large object just to reuse the connection costs more than a new one.
            drop();
        } else if (body != null) {
            body.stream().close();
            body = null;
        }
    }

    private static void backOff(int attempt) throws IOException {
        long cap = Math.min(MAX_BACKOFF_MILLIS, BASE_BACKOFF_MILLIS << Math.min(attempt - 1, 16));
        // Full jitter: many streams failing together do not all come back at the same instant.
        long wait = cap / 2 + java.util.concurrent.ThreadLocalRandom.current().nextLong(cap / 2 + 1);
        try {
            Thread.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("Interrupted while waiting to resume");
        }
    }

    private Body reopen() throws IOException {
        try {
            return ranges.open(position, end == Long.MAX_VALUE ? -1 : end);
        } catch (MinervaException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private void drop() {
        Body dropped = body;
        body = null;
        if (dropped == null) {
            return;
        }
        try {
            dropped.abort().run();
        } catch (RuntimeException ignored) {
            // The connection is being discarded either way.
        }
        try {
            dropped.stream().close();
        } catch (IOException | RuntimeException ignored) {
            // Same: nothing more can be read from it.
        }
    }
}
