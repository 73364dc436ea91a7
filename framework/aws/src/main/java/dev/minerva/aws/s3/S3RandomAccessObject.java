package dev.minerva.aws.s3;

import static java.util.Objects.requireNonNull;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import dev.minerva.core.warehouse.RandomAccessObject;
import dev.minerva.core.warehouse.SeekableInput;

/**
 * One version of an S3 object as a Parquet input: every read is a ranged GET pinned to the ETag, small reads are
 * served from a window fetched around them, so reading a footer costs one or two requests.
 */
final class S3RandomAccessObject implements RandomAccessObject {
    // Large enough to hold a typical footer together with its length and magic, so a reader's first two small
    // reads at the end of the file are one request; small enough to waste little when only the footer is read.
    static final int WINDOW = 512 * 1024;

    private final ObjectRanges ranges;
    private final long length;
    private final int maxResumes;

    S3RandomAccessObject(ObjectRanges ranges, long length, int maxResumes) {
        this.ranges = requireNonNull(ranges, "ranges is null");
        this.length = length;
        this.maxResumes = maxResumes;
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public SeekableInput newStream() {
        return new WindowedStream();
    }

    @Override
    public String location() {
        return ranges.location().toString();
    }

    @Override
    public String toString() {
        return location();
    }

    private final class WindowedStream extends SeekableInput {
        private long position;
        private byte[] window = new byte[0];
        private long windowStart;
        private boolean closed;

        @Override
        public long position() {
            return position;
        }

        @Override
        public void seek(long newPosition) throws IOException {
            checkOpen();
            if (newPosition < 0 || newPosition > length) {
                throw new EOFException("Cannot seek to byte " + newPosition + " of " + ranges.location()
                        + ": it has " + length + " bytes");
            }
            position = newPosition;
        }

        @Override
        public int read() throws IOException {
            checkOpen();
            if (position >= length) {
                return -1;
            }
            byte[] one = new byte[1];
            copy(one, 0, 1);
            return one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int count) throws IOException {
            checkOpen();
            Objects.checkFromIndexSize(offset, count, buffer.length);
            if (count == 0) {
                return 0;
            }
            if (position >= length) {
                return -1;
            }
            int n = (int) Math.min(count, length - position);
            copy(buffer, offset, n);
            return n;
        }


        @Override
        public void readFully(byte[] buffer, int offset, int count) throws IOException {
            checkOpen();
            Objects.checkFromIndexSize(offset, count, buffer.length);
            if (count > length - position) {
                throw new EOFException("Cannot read " + count + " bytes at byte " + position + " of "
                        + ranges.location() + ": it has " + length + " bytes");
            }
            copy(buffer, offset, count);
        }



        @Override
        public void close() {
            closed = true;
            window = new byte[0];
        }

        /** Copies {@code count} bytes at the position, which the caller has checked are within the object. */
        private void copy(byte[] buffer, int offset, int count) throws IOException {
            int done = fromWindow(buffer, offset, count);
            int rest = count - done;
            if (rest == 0) {
                return;
            }
            if (rest >= WINDOW) {
                // Column chunks: fetch straight into the caller's buffer, no window copy.
                fetch(position, buffer, offset + done, rest);
                position += rest;
                return;
            }
            // The window starts at the position; near the end it slides back so it also covers the footer.
            long start = Math.max(0, Math.min(position, length - WINDOW));
            int size = (int) Math.min(WINDOW, length - start);
            byte[] fresh = new byte[size];
            fetch(start, fresh, 0, size);
            window = fresh;
            windowStart = start;
            fromWindow(buffer, offset + done, rest);
        }

        private int fromWindow(byte[] buffer, int offset, int count) {
            long windowEnd = windowStart + window.length;
            if (position < windowStart || position >= windowEnd) {
                return 0;
            }
            int n = (int) Math.min(count, windowEnd - position);
            System.arraycopy(window, (int) (position - windowStart), buffer, offset, n);
            position += n;
            return n;
        }

        private void fetch(long from, byte[] buffer, int offset, int count) throws IOException {
            try (InputStream in = ResumingObjectStream.open(ranges, from, from + count, maxResumes)) {
                int n = in.readNBytes(buffer, offset, count);
                if (n < count) {
                    throw new EOFException(ranges.location() + " ended at byte " + (from + n) + ", expected "
                            + length + " bytes");
                }
            }
        }

        private void checkOpen() throws IOException {
            if (closed) {
                throw new IOException("Stream of " + ranges.location() + " is closed");
            }
        }
    }
}
