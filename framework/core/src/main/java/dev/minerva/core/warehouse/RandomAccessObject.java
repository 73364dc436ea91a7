package dev.minerva.core.warehouse;

import java.io.IOException;

/** A stored object opened for reads at any position: footers, bloom filters and single pages of a data file. */
public interface RandomAccessObject {
    /** The object's size in bytes. */
    long length();

    /** A new stream positioned at the object's first byte; each caller gets its own. */
    SeekableInput newStream() throws IOException;

    /** Where the object lives, for messages. */
    String location();
}
