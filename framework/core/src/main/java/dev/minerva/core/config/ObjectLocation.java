package dev.minerva.core.config;

import java.nio.file.Path;

/** Object locations as Minerva writes them: {@code s3://bucket/key} for S3, {@code file:/absolute/path} for local files. */
public final class ObjectLocation {
    private ObjectLocation() {}

    /** The location of a local file: {@code file:} followed by its absolute, normalised path. */
    public static String ofFile(Path path) {
        String absolute = path.toAbsolutePath().normalize().toString().replace('\\', '/');
        return "file:" + (absolute.startsWith("/") ? absolute : "/" + absolute);
    }

    /**
     * Normalises a location pattern from configuration: {@code file:///a} becomes {@code file:/a}, and a relative
     * {@code file:logs/**} is resolved against {@code base} (the directory of the configuration file).
     */
    public static String normalisePattern(String pattern, Path base) {
        if (!pattern.startsWith("file:")) {
            return pattern;
        }
        String rest = pattern.substring("file:".length());
        if (rest.startsWith("//")) {
            rest = rest.substring(2);
            return "file:" + (rest.startsWith("/") ? rest : "/" + rest);
        }
        if (rest.startsWith("/")) {
            return "file:" + rest;
        }
        String resolvedBase = ofFile(base);
        return resolvedBase + (resolvedBase.endsWith("/") ? "" : "/") + rest;
    }
}
