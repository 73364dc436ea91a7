package dev.minerva.core.input;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * Opens an object's bytes for parsing: undoes gzip when the content starts with the gzip magic bytes (whatever the
 * object is called), and remembers where a damaged gzip stream broke so the caller can report it once.
 */
public final class GzipDetectingStream extends FilterInputStream {
    private static final int GZIP_MAGIC_1 = 0x1f;
    private static final int GZIP_MAGIC_2 = 0x8b;

    private final CountingStream compressed;
    private final boolean gzip;
    private long decompressedBytes;
    private IOException gzipFailure;

    private GzipDetectingStream(InputStream decoded, CountingStream compressed, boolean gzip) {
        super(decoded);
        this.compressed = compressed;
        this.gzip = gzip;
    }

    /** Wraps {@code raw}; reads its first two bytes to decide whether it is gzip. */
    public static GzipDetectingStream open(InputStream raw) throws IOException {
        CountingStream counting = new CountingStream(raw);
        BufferedInputStream buffered = new BufferedInputStream(counting, 64 * 1024);
        buffered.mark(2);
        int first = buffered.read();
        int second = buffered.read();
        buffered.reset();
        boolean gzip = first == GZIP_MAGIC_1 && second == GZIP_MAGIC_2;
        InputStream decoded = gzip ? new GZIPInputStream(buffered, 64 * 1024) : buffered;
        return new GzipDetectingStream(decoded, counting, gzip);
    }

    public boolean isGzip() {
        return gzip;
    }

    /** Bytes taken from the underlying object so far (compressed bytes for gzip). */
    public long rawBytesRead() {
        return compressed.count();
    }

    /** Bytes handed to the parser so far. */
    public long decodedBytesRead() {
        return decompressedBytes;
    }

    /** The failure of the gzip layer, if the compressed stream was truncated or corrupt. */
    public Optional<IOException> gzipFailure() {
        return Optional.ofNullable(gzipFailure);
    }

    @Override
    public int read() throws IOException {
        try {
            int b = super.read();
            if (b >= 0) {
                decompressedBytes++;
            }
            return b;
        } catch (IOException e) {
            throw remember(e);
        }
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        try {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                decompressedBytes += n;
            }
            return n;
        } catch (IOException e) {
            throw remember(e);
        }
    }

    @Override
    public long skip(long n) throws IOException {
        try {
            long skipped = super.skip(n);
            decompressedBytes += skipped;
            return skipped;
        } catch (IOException e) {
            throw remember(e);
        }
    }

    private IOException remember(IOException e) {
        // Only a gzip stream fails with these while the underlying stream still works; keep the first failure.
        if (gzip && gzipFailure == null && !compressed.failed()) {
            gzipFailure = e;
        }
        return e;
    }

    /** Counts bytes read from the raw object. */
    private static final class CountingStream extends FilterInputStream {
        private long count;
        private boolean failed;

        CountingStream(InputStream in) {
            super(in);
        }

        long count() {
            return count;
        }

        /** Whether the raw object itself failed to read (as opposed to its gzip content being damaged). */
        boolean failed() {
            return failed;
        }

        @Override
        public int read() throws IOException {
            try {
                int b = super.read();
                if (b >= 0) {
                    count++;
                }
                return b;
            } catch (IOException e) {
                failed = true;
                throw e;
            }
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            try {
                int n = super.read(buffer, offset, length);
                if (n > 0) {
                    count += n;
                }
                return n;
            } catch (IOException e) {
                failed = true;
                throw e;
            }
        }

        @Override
        public long skip(long n) throws IOException {
            try {
                long skipped = super.skip(n);
                count += skipped;
                return skipped;
            } catch (IOException e) {
                failed = true;
                throw e;
            }
        }
    }
}
