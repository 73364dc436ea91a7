package dev.minerva.spi;

/** Whose fault an error is: it decides exit codes, HTTP statuses and whether a retry can help. */
public enum ErrorKind {
    /** The caller's input or configuration is wrong; retrying the same thing fails the same way. */
    USER_INPUT,
    /** An external service or the I/O layer failed; a retry may succeed. */
    EXTERNAL,
    /** A bug in Minerva or a plugin. */
    INTERNAL
}
