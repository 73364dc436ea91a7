package dev.minerva.aws.s3;

import static java.util.Objects.requireNonNull;

import dev.minerva.spi.MinervaException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/** An S3 bucket and key, written {@code s3://bucket/key}; a key ending in '/' (or empty) names a prefix. */
public record S3Location(String bucket, String key) {
    private static final String SCHEME = "s3://";
    // The rules for buckets created since 2018 in every region: no upper case, no underscores.
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final int MAX_KEY_BYTES = 1024;

    public S3Location {
        requireNonNull(bucket, "bucket is null");
        requireNonNull(key, "key is null");
        if (!BUCKET.matcher(bucket).matches() || bucket.contains("..")) {
            throw MinervaException.userInput("Invalid S3 bucket name '" + bucket + "' in " + SCHEME + bucket + "/"
                    + key + ": bucket names are 3 to 63 lower-case letters, digits, dots and hyphens, starting and"
                    + " ending with a letter or digit");
        }
        if (key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
            throw MinervaException.userInput("S3 key too long in " + SCHEME + bucket + "/" + key.substring(0, 64)
                    + "...: keys are at most " + MAX_KEY_BYTES + " bytes of UTF-8");
        }
    }

    /** Parses {@code s3://bucket}, {@code s3://bucket/} or {@code s3://bucket/any/key}. */
    public static S3Location parse(String location) {
        requireNonNull(location, "location is null");
        if (!location.startsWith(SCHEME)) {
            throw MinervaException.userInput("Not an S3 location: '" + location
                    + "'. Expected s3://bucket/key, for example s3://my-logs/AWSLogs/");
        }
        String rest = location.substring(SCHEME.length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        if (bucket.isEmpty()) {
            throw MinervaException.userInput("No bucket in S3 location '" + location
                    + "'. Expected s3://bucket/key, for example s3://my-logs/AWSLogs/");
        }
        return new S3Location(bucket, slash < 0 ? "" : rest.substring(slash + 1));
    }

    /** True when the key is empty or ends with '/', so the location names a folder-like prefix. */
    public boolean isPrefix() {
        return key.isEmpty() || key.endsWith("/");
    }

    /** This location as a prefix: the key with a trailing '/' added unless it is empty or has one. */
    public S3Location asPrefix() {
        return isPrefix() ? this : new S3Location(bucket, key + "/");
    }

    /** The location of {@code relativeKey} under this location taken as a prefix. */
    public S3Location resolve(String relativeKey) {
        requireNonNull(relativeKey, "relativeKey is null");
        return new S3Location(bucket, asPrefix().key() + relativeKey);
    }

    public URI toUri() {
        return URI.create(toString());
    }

    @Override
    public String toString() {
        return SCHEME + bucket + "/" + key;
    }
}
