package dev.minerva.aws.s3;

import dev.minerva.core.CoreErrorCode;
import dev.minerva.spi.ErrorLocation;
import dev.minerva.spi.MinervaException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Turns SDK exceptions into Minerva errors that name the operation, the location and what would fix it. */
final class S3Failures {
    /** What Minerva was doing, and the IAM action it needs for that. */
    enum Operation {
        LIST("listing", "s3:ListBucket"),
        READ("reading", "s3:GetObject"),
        WRITE("writing", "s3:PutObject"),
        DELETE("deleting", "s3:DeleteObject");

        private final String verb;
        private final String permission;

        Operation(String verb, String permission) {
            this.verb = verb;
            this.permission = permission;
        }
    }

    private S3Failures() {}

    static MinervaException translate(SdkException e, Operation operation, S3Location location) {
        ErrorLocation at = ErrorLocation.of(location.toString());
        if (e instanceof NoSuchBucketException || errorCode(e).equals("NoSuchBucket")) {
            return new MinervaException(CoreErrorCode.LOCATION_NOT_FOUND, at, "S3 bucket '" + location.bucket()
                    + "' does not exist (while " + operation.verb + " " + location
                    + "): check the bucket name, and the region or endpoint the client uses", e);
        }
        if (e instanceof S3Exception s3 && s3.statusCode() == 403) {
            // Retrying cannot fix a missing permission, so it is the deployment's (the user's) to fix.
            return new MinervaException(CoreErrorCode.ACCESS_DENIED, at, "Access denied " + operation.verb + " " + location
                    + " (" + errorCode(e) + "): the role needs " + operation.permission + " on it", e);
        }
        if (e instanceof S3Exception s3) {
            return new MinervaException(CoreErrorCode.STORAGE_FAILED, at, "S3 failed " + operation.verb + " " + location
                    + ": HTTP " + s3.statusCode() + " " + errorCode(e) + ": " + message(s3), e);
        }
        if (e instanceof SdkClientException) {
            return new MinervaException(CoreErrorCode.STORAGE_FAILED, at, "Could not reach S3 " + operation.verb + " " + location
                    + ": " + e.getMessage(), e);
        }
        return new MinervaException(CoreErrorCode.STORAGE_FAILED, at, "S3 failed " + operation.verb + " " + location + ": "
                + e.getMessage(), e);
    }

    /**
     * As {@link #translate} for a write. S3 may answer an upload to a missing bucket before it has read the body and
     * close the connection, so the client sees a broken upload rather than NoSuchBucket; one HEAD of the bucket then
     * tells a missing bucket (the user's to fix) from a connection that really failed.
     */
    static MinervaException translateWrite(SdkException e, S3Client client, S3Location location) {
        if (e instanceof SdkClientException) {
            try {
                client.headBucket(r -> r.bucket(location.bucket()));
            } catch (S3Exception missing) {
                if (missing instanceof NoSuchBucketException || missing.statusCode() == 404) {
                    return translate(NoSuchBucketException.builder().message(missing.getMessage()).cause(e).build(),
                            Operation.WRITE, location);
                }
            } catch (SdkException unreachable) {
                // The bucket cannot be checked either: report the write's own failure.
            }
        }
        return translate(e, Operation.WRITE, location);
    }

    static String errorCode(SdkException e) {
        if (e instanceof S3Exception s3 && s3.awsErrorDetails() != null && s3.awsErrorDetails().errorCode() != null) {
            return s3.awsErrorDetails().errorCode();
        }
        return "";
    }

    private static String message(S3Exception e) {
        if (e.awsErrorDetails() != null && e.awsErrorDetails().errorMessage() != null) {
            return e.awsErrorDetails().errorMessage();
        }
        return String.valueOf(e.getMessage());
    }
}
