package dev.minerva.core.warehouse;

import java.io.IOException;
import java.io.OutputStream;

/** An output stream that knows how many bytes went through it: file writers record offsets in their footers. */
public abstract class PositionOutput extends OutputStream {
    /** The number of bytes written so far. */
    public abstract long position() throws IOException;
}
