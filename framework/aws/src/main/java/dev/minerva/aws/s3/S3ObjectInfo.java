package dev.minerva.aws.s3;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** One S3 object as listed: where it is, its size, when it was last written and its ETag (without quotes). */
public record S3ObjectInfo(S3Location location, long size, Instant lastModified, String etag) {
    public S3ObjectInfo {
        requireNonNull(location, "location is null");
        requireNonNull(lastModified, "lastModified is null");
        requireNonNull(etag, "etag is null");
        if (size < 0) {
            throw new IllegalArgumentException("size is negative: " + size);
        }
    }

    public String key() {
        return location.key();
    }
}
