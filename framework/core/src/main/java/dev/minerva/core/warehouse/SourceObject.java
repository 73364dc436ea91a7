package dev.minerva.core.warehouse;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * A log object to index: its location and version (an S3 ETag, or size and modification time for a local file).
 * Its object id hashes both, so a changed object gets new row keys and new file names while an unchanged one
 * reproduces the same ones.
 */
public record SourceObject(URI location, String version) {
    public SourceObject {
        requireNonNull(location, "location is null");
        requireNonNull(version, "version is null");
    }

    /** The version of an object that has no ETag. */
    public static String versionOf(long size, Instant lastModified) {
        return size + "@" + lastModified.toEpochMilli();
    }

    /** Stable id of this location at this version: the {@code object_id} column and the data file name prefix. */
    public String objectId() {
        return digest(location + "\n" + version);
    }

    /** Stable id of the location alone: names its manifest, which survives version changes. */
    public String locationKey() {
        return locationKey(location);
    }

    static String locationKey(URI location) {
        return digest(location.toString());
    }

    private static String digest(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(UTF_8));
            // 128 bits: collisions are out of reach for any number of log objects, names stay short.
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }
}
