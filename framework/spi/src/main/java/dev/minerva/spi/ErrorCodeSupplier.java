package dev.minerva.spi;

/** Anything that stands for an {@link ErrorCode}; enums of codes implement it so they can be passed directly. */
public interface ErrorCodeSupplier {
    /** The code this constant stands for; the same instance every time. */
    ErrorCode toErrorCode();
}
