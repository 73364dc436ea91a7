package dev.minerva.spi;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Optional;

/**
 * One log object, opened for parsing; the framework implements it, plugins only use it. The framework has already
 * undone any gzip compression. A format may {@link #peek} at the start to decide how the object is framed, then
 * reads it either as a byte stream (for its own framing, such as a streaming JSON parser) or as bounded lines, not
 * both.
 */
public interface LogInput {
    /** The object's location as a URI, such as {@code s3://bucket/key} or {@code file:/var/log/app.json}. */
    String location();

    /** The tag to put on every record: the source's configured tag, or the format's default. */
    String tag();

    /**
     * When the object was last written (S3 LastModified, a file's modification time), if known: for a format
     * whose entries may lack a time of their own, such as a VPC flow log format without a {@code start} field.
     */
    Optional<Instant> lastModified();

    /** The longest line or single entry, in bytes, a format should accept. */
    int maxEntryBytes();

    /**
     * Up to {@code maxBytes} bytes (at most 1 MiB) from the start of the decompressed content, fewer when the object
     * is shorter, without consuming them: {@link #stream()} and {@link #lines()} still begin at the first byte.
     * Call it before reading.
     */
    byte[] peek(int maxBytes) throws IOException;

    /** The decompressed content. */
    InputStream stream();

    /** The decompressed content as bounded lines (see {@link LineReader}). */
    LineReader lines();
}
