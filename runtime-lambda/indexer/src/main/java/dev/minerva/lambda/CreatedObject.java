package dev.minerva.lambda;

import static java.util.Objects.requireNonNull;

import dev.minerva.aws.s3.S3Location;

/** An S3 object a notification announces as created: bucket and decoded key, with the size and ETag it reported. */
public record CreatedObject(String bucket, String key, long size, String etag) {
    public CreatedObject {
        requireNonNull(bucket, "bucket is null");
        requireNonNull(key, "key is null");
        requireNonNull(etag, "etag is null");
    }

    public S3Location location() {
        return new S3Location(bucket, key);
    }
}
