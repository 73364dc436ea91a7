package dev.minerva.core.warehouse;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/** An input stream over one stored object that can move to any of its bytes, as columnar readers need. */
public abstract class SeekableInput extends InputStream {
    /** The offset of the next byte read. */
    public abstract long position() throws IOException;

    /** Moves to {@code position}; reads continue from there. */
    public abstract void seek(long position) throws IOException;

    /** Reads exactly {@code count} bytes, or fails with an {@link EOFException} naming what was short. */
    public void readFully(byte[] buffer, int offset, int count) throws IOException {
        int done = 0;
        while (done < count) {
            int n = read(buffer, offset + done, count - done);
            if (n < 0) {
                throw new EOFException("Reached the end of the object after " + done + " of " + count + " bytes");
            }
            done += n;
        }
    }
}
