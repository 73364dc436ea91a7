package dev.minerva.core.warehouse;

import java.io.IOException;
import org.apache.parquet.io.OutputFile;

/**
 * An object being written: invisible to readers until {@link #publish()} moves it under its key in one step.
 * Closing without publishing discards it, so a failed writer never leaves a half file behind.
 */
public interface StagedFile extends AutoCloseable {
    /** The key the object will have once published. */
    String key();

    /** The staged object as a Parquet output; it may be created once. */
    OutputFile outputFile();

    /** Makes the staged bytes visible under {@link #key()}, replacing any object there; returns what was published. */
    StoredObject publish() throws IOException;

    /** Discards the staged bytes unless they were published. */
    @Override
    void close() throws IOException;
}
