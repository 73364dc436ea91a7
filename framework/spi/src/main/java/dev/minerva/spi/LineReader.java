package dev.minerva.spi;

import java.io.IOException;
import java.util.Optional;

/**
 * Bounded lines of an object. Lines longer than the configured limit, and lines of binary data, are rejected to
 * the sink by the framework (with their number and reason) and never reach the format, so one huge or corrupt line
 * neither exhausts memory nor stops the rest of the object.
 */
public interface LineReader {
    /** The next acceptable line, or empty at the end of the object. */
    Optional<Line> next() throws IOException;
}
