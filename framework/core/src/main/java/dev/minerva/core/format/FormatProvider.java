package dev.minerva.core.format;

import static java.util.Objects.requireNonNull;

import dev.minerva.spi.LogFormatFactory;

/** A discovered log-format factory and where it came from (the JAR or classes directory that holds it). */
public record FormatProvider(String name, LogFormatFactory factory, String origin, boolean dropIn) {
    public FormatProvider {
        requireNonNull(name, "name is null");
        requireNonNull(factory, "factory is null");
        requireNonNull(origin, "origin is null");
    }
}
