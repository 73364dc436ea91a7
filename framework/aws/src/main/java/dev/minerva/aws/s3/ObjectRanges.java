package dev.minerva.aws.s3;

import static java.util.Objects.requireNonNull;

import dev.minerva.aws.s3.S3Failures.Operation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.util.Optional;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Byte ranges of one S3 object, pinned to one version by its ETag when known. */
final class ObjectRanges {
    private final S3Client client;
    private final S3Location location;
    private final Optional<String> etag;
    // The seam tests use to cut a response stream midway; production passes the identity.
    private final UnaryOperator<InputStream> responses;

    ObjectRanges(S3Client client, S3Location location, Optional<String> etag, UnaryOperator<InputStream> responses) {
        this.client = requireNonNull(client, "client is null");
        this.location = requireNonNull(location, "location is null");
        this.etag = requireNonNull(etag, "etag is null");
        this.responses = requireNonNull(responses, "responses is null");
    }

    S3Location location() {
        return location;
    }

    /** An open response body: its bytes, how many it will send, and how to drop the connection early. */
    record Body(InputStream stream, long length, Runnable abort) {
        Body {
            requireNonNull(stream, "stream is null");
            requireNonNull(abort, "abort is null");
        }
    }

    /**
     * Streams bytes {@code [from, to)}, or from {@code from} to the end when {@code to} is negative. S3 failures
     * after the SDK's own retries are thrown as {@link dev.minerva.spi.MinervaException}.
     */
    Body open(long from, long to) throws IOException {
        GetObjectRequest.Builder request = GetObjectRequest.builder().bucket(location.bucket()).key(location.key());
        etag.ifPresent(tag -> request.ifMatch(quoted(tag)));
        if (from > 0 || to >= 0) {
            request.range("bytes=" + from + "-" + (to >= 0 ? Long.toString(to - 1) : ""));
        }
        ResponseInputStream<GetObjectResponse> response;
        try {
            response = client.getObject(request.build());
        } catch (NoSuchKeyException e) {
            throw missing(location);
        } catch (S3Exception e) {
            if (e.statusCode() == 412) {
                throw new IOException(location + " changed while it was being read: its ETag is no longer "
                        + etag.orElse("?") + ". The new version has to be read from the start", e);
            }
            throw S3Failures.translate(e, Operation.READ, location);
        } catch (SdkException e) {
            throw S3Failures.translate(e, Operation.READ, location);
        }
        Long length = response.response().contentLength();
        return new Body(responses.apply(response), length == null ? -1 : length, response::abort);
    }

    static NoSuchFileException missing(S3Location location) {
        return new NoSuchFileException(location.toString(), null, "no such S3 object");
    }

    /** ETags travel quoted in HTTP headers; listings return them quoted, Minerva keeps them bare. */
    static String quoted(String etag) {
        return etag.startsWith("\"") ? etag : "\"" + etag + "\"";
    }

    static String bare(String etag) {
        return etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"")
                ? etag.substring(1, etag.length() - 1) : etag;
    }
}
