package dev.minerva.core.warehouse;

import java.io.IOException;

/**
 * An object being written: invisible to readers until {@link #publish()} moves it under its key in one step.
 * Closing without publishing discards it, so a failed writer never leaves a half file behind.
 */
public interface StagedFile extends AutoCloseable {
    /** The key the object will have once published. */
    String key();

    /** The stream the staged bytes are written to; it may be opened once. */
    PositionOutput openOutput() throws IOException;

    /** Makes the staged bytes visible under {@link #key()}, replacing any object there; returns what was published. */
    StoredObject publish() throws IOException;

    /** Discards the staged bytes unless they were published. */
    @Override
    void close() throws IOException;
}
