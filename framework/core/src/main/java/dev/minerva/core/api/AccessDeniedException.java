package dev.minerva.core.api;

/** The caller may not do what it asked (no tags mapped to it, a header asking for more than it may see): a 403. */
public final class AccessDeniedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AccessDeniedException(String message) {
        super(message);
    }
}
