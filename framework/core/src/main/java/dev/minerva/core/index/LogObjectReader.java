package dev.minerva.core.index;

import java.io.IOException;
import java.io.InputStream;

/** Opens log objects for reading, as a stream: never the whole object in memory. */
@FunctionalInterface
public interface LogObjectReader {
    InputStream open(LogObject object) throws IOException;
}
