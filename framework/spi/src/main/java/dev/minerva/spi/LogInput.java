package dev.minerva.spi;

import java.io.InputStream;

/**
 * One log object, opened for parsing. The framework has already undone any gzip compression. A format reads it
 * either as a byte stream (for its own framing, such as a streaming JSON parser) or as bounded lines, not both.
 */
public interface LogInput {
    /** The object's location as a URI, such as {@code s3://bucket/key} or {@code file:/var/log/app.json}. */
    String location();

    /** The tag to put on every record: the source's configured tag, or the format's default. */
    String tag();

    /** The longest line or single entry, in bytes, a format should accept. */
    int maxEntryBytes();

    /** The decompressed content. */
    InputStream stream();

    /** The decompressed content as bounded lines (see {@link LineReader}). */
    LineReader lines();
}
