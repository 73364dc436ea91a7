package dev.minerva.aws.athena;

import java.util.Locale;

/** The life of one Athena query execution, as GetQueryExecution reports it. */
public enum AthenaState {
    QUEUED,
    RUNNING,
    SUCCEEDED,
    FAILED,
    CANCELLED;

    /** True once the execution can change no more. */
    public boolean isDone() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }

    /** Parses Athena's state name; a state this code does not know is reported as RUNNING until it ends. */
    static AthenaState of(String name) {
        try {
            return valueOf(String.valueOf(name).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return RUNNING;
        }
    }
}
