package dev.minerva.spi;

/** Receives what a format parses, one entry at a time, so memory stays flat whatever the object size. */
public interface RecordSink {
    /** A parsed record. */
    void accept(LogRecord record);

    /** An entry that could not be parsed; parsing goes on with the next one. */
    void reject(Rejection rejection);

    /**
     * An entry (or a whole object) that is deliberately not a record, such as a CloudTrail digest file. It is
     * counted under its reason, and is neither indexed nor an error.
     */
    void skip(Position position, String reason);
}
