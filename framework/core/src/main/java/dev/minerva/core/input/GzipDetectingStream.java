package dev.minerva.core.input;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * Opens an object's bytes for parsing: undoes gzip when the content starts with the gzip magic bytes (whatever the
 * object is called). A damaged gzip stream (truncated, corrupt) ends cleanly where it broke, after every byte the
 * inflater could recover, as {@code zcat} does; the failure is remembered so the caller can report it once.
 *
 * <p>Ending instead of throwing matters: buffering layers above (a {@link java.io.BufferedInputStream}, a JSON
 * parser, a line reader) drop what they hold when a read throws, which lost up to a buffer of good entries.
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

    /** Whether the gzip content broke and this stream ended early because of it. */
    public boolean damaged() {
        return gzipFailure != null;
    }

    @Override
    public int read() throws IOException {
        if (gzipFailure != null) {
            return -1;
        }
        try {
            int b = super.read();
            if (b >= 0) {
                decompressedBytes++;
            }
            return b;
        } catch (IOException e) {
            return endOrThrow(e);
        }
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (gzipFailure != null) {
            return -1;
        }
        try {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                decompressedBytes += n;
            }
            return n;
        } catch (IOException e) {
            return endOrThrow(e);
        }
    }

    @Override
    public long skip(long n) throws IOException {
        // Reading, not skipping, so a damaged stream ends here as it does for read().
        byte[] scratch = new byte[(int) Math.min(Math.max(n, 0), 8192)];
        long skipped = 0;
        while (skipped < n) {
            int read = read(scratch, 0, (int) Math.min(scratch.length, n - skipped));
            if (read < 0) {
                break;
            }
            skipped += read;
        }
        return skipped;
    }

    @Override
    public int available() throws IOException {
        if (gzipFailure != null) {
            return 0;
        }
        try {
            return super.available();
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * A failure of the gzip layer while the object itself still reads ends the stream; a failure of the object
     * (a dropped connection after the reader's own resumes) is the caller's to handle.
     */
    private int endOrThrow(IOException e) throws IOException {
        if (gzip && !compressed.failed()) {
            gzipFailure = e;
            return -1;
        }
        throw e;
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
