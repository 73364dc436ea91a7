package dev.minerva.spi;

import java.io.IOException;

/** A configured parser for one log format. Instances are immutable and may parse many objects, also concurrently. */
public interface LogFormat {
    /**
     * Parses one object, pushing every record, rejection and skip to {@code sink} as it goes. A bad entry is a
     * rejection, never an exception: only a failure to read the input throws.
     */
    void parse(LogInput input, RecordSink sink) throws IOException;
}
