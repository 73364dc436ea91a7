package dev.minerva.aws.s3;

import static java.util.Objects.requireNonNull;

import dev.minerva.aws.s3.S3Failures.Operation;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Lists and streams log objects in S3; a stream survives dropped connections by resuming where it stopped. */
public final class S3ObjectReader {
    /** Enough for a flaky network to get through a 1 GB object; a dead one still fails within minutes. */
    public static final int DEFAULT_MAX_RESUMES = 5;

    private final S3Client client;
    private final int maxResumes;
    private final int pageSize;
    private final UnaryOperator<InputStream> responses;

    public S3ObjectReader(S3Client client) {
        this(client, DEFAULT_MAX_RESUMES, 0, UnaryOperator.identity());
    }

    /**
     * @param pageSize keys per list request, or 0 for S3's maximum (1000)
     * @param responses wraps every response body; tests use it to drop connections
     */
    S3ObjectReader(S3Client client, int maxResumes, int pageSize, UnaryOperator<InputStream> responses) {
        this.client = requireNonNull(client, "client is null");
        this.responses = requireNonNull(responses, "responses is null");
        if (maxResumes < 0 || pageSize < 0 || pageSize > 1000) {
            throw new IllegalArgumentException("maxResumes " + maxResumes + " must be >= 0 and pageSize "
                    + pageSize + " within 0..1000");
        }
        this.maxResumes = maxResumes;
        this.pageSize = pageSize;
    }

    /**
     * Every object under {@code prefix} (its key taken as a plain string prefix) in key order, without the
     * zero-byte folder markers ({@code key/}) that consoles create.
     */
    public List<S3ObjectInfo> list(S3Location prefix) {
        requireNonNull(prefix, "prefix is null");
        ListObjectsV2Request.Builder request = ListObjectsV2Request.builder()
                .bucket(prefix.bucket()).prefix(prefix.key());
        if (pageSize > 0) {
            request.maxKeys(pageSize);
        }
        List<S3ObjectInfo> objects = new ArrayList<>();
        try {
            for (ListObjectsV2Response page : client.listObjectsV2Paginator(request.build())) {
                for (S3Object object : page.contents()) {
                    if (object.key().endsWith("/")) {
                        continue;
                    }
                    objects.add(new S3ObjectInfo(new S3Location(prefix.bucket(), object.key()), object.size(),
                            object.lastModified(), ObjectRanges.bare(object.eTag())));
                }
            }
        } catch (SdkException e) {
            throw S3Failures.translate(e, Operation.LIST, prefix);
        }
        return List.copyOf(objects);
    }

    /**
     * Streams the object's bytes without holding them in memory. Every request is pinned to {@code etag}, so a
     * resumed stream never mixes two versions: if the object changes mid-read the stream fails instead.
     *
     * @throws java.nio.file.NoSuchFileException when the object does not exist
     * @throws dev.minerva.spi.MinervaException when S3 refuses the request (missing bucket, access denied, ...)
     */
    public InputStream open(S3Location location, String etag) throws IOException {
        requireNonNull(location, "location is null");
        requireNonNull(etag, "etag is null");
        ObjectRanges ranges = new ObjectRanges(client, location, Optional.of(ObjectRanges.bare(etag)), responses);
        return ResumingObjectStream.open(ranges, 0, -1, maxResumes);
    }

    /** Streams a listed object, pinned to the ETag it was listed with. */
    public InputStream open(S3ObjectInfo object) throws IOException {
        requireNonNull(object, "object is null");
        return open(object.location(), object.etag());
    }
}
