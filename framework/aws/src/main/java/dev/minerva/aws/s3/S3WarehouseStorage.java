package dev.minerva.aws.s3;

import static java.util.Objects.requireNonNull;

import dev.minerva.aws.s3.S3Failures.Operation;
import dev.minerva.core.warehouse.RandomAccessObject;
import dev.minerva.core.warehouse.StagedFile;
import dev.minerva.core.warehouse.StoredObject;
import dev.minerva.core.warehouse.WarehouseStorage;
import dev.minerva.spi.ErrorKind;
import dev.minerva.spi.MinervaException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Warehouse storage under an S3 prefix such as {@code s3://bucket/warehouse/}: the same keys as on local disk,
 * each key an object under the prefix; publication is a single PUT or a completed multipart upload.
 */
public final class S3WarehouseStorage implements WarehouseStorage {
    /** 8 MiB parts: S3's 5 MiB minimum with room, and little memory per file being written. */
    public static final int DEFAULT_PART_SIZE = 8 << 20;
    static final int MIN_PART_SIZE = 5 << 20;

    private final S3Client client;
    private final S3Location root;
    private final int partSize;
    private final int pageSize;
    private final int maxResumes;

    /** Storage under {@code root} (taken as a prefix); the caller owns and closes the client. */
    public S3WarehouseStorage(S3Client client, S3Location root) {
        this(client, root, DEFAULT_PART_SIZE, 0, S3ObjectReader.DEFAULT_MAX_RESUMES);
    }

    /** @param pageSize keys per list request, or 0 for S3's maximum (1000) */
    S3WarehouseStorage(S3Client client, S3Location root, int partSize, int pageSize, int maxResumes) {
        this.client = requireNonNull(client, "client is null");
        this.root = requireNonNull(root, "root is null").asPrefix();
        if (partSize < MIN_PART_SIZE || pageSize < 0 || pageSize > 1000 || maxResumes < 0) {
            throw new IllegalArgumentException("partSize " + partSize + " must be >= " + MIN_PART_SIZE
                    + ", pageSize " + pageSize + " within 0..1000, maxResumes " + maxResumes + " >= 0");
        }
        this.partSize = partSize;
        this.pageSize = pageSize;
        this.maxResumes = maxResumes;
    }

    /** The prefix every key lives under, always ending in '/' unless it is the bucket root. */
    public S3Location root() {
        return root;
    }

    @Override
    public List<StoredObject> list(String prefix) {
        requireNonNull(prefix, "prefix is null");
        S3Location where = new S3Location(root.bucket(), root.key() + prefix);
        ListObjectsV2Request.Builder request = ListObjectsV2Request.builder()
                .bucket(where.bucket()).prefix(where.key());
        if (pageSize > 0) {
            request.maxKeys(pageSize);
        }
        List<StoredObject> result = new ArrayList<>();
        try {
            for (ListObjectsV2Response page : client.listObjectsV2Paginator(request.build())) {
                for (S3Object object : page.contents()) {
                    // Folder markers made by consoles are not warehouse files.
                    if (!object.key().endsWith("/")) {
                        result.add(new StoredObject(object.key().substring(root.key().length()), object.size(),
                                object.lastModified()));
                    }
                }
            }
        } catch (SdkException e) {
            throw S3Failures.translate(e, Operation.LIST, where);
        }
        // S3 sorts by UTF-8 bytes, Java strings by UTF-16 units; they differ beyond the BMP, so sort like local.
        result.sort(Comparator.comparing(StoredObject::key));
        return List.copyOf(result);
    }

    @Override
    public Optional<StoredObject> stat(String key) {
        return head(key).map(head -> new StoredObject(key, head.contentLength(), head.lastModified()));
    }

    @Override
    public RandomAccessObject open(String key) throws IOException {
        S3Location location = locate(key);
        HeadObjectResponse head = head(key).orElseThrow(() -> ObjectRanges.missing(location));
        // Pinned to the version seen now, so a concurrent rewrite fails the reader instead of mixing bytes.
        Optional<String> etag = Optional.ofNullable(head.eTag()).map(ObjectRanges::bare);
        return new S3RandomAccessObject(new ObjectRanges(client, location, etag, UnaryOperator.identity()),
                head.contentLength(), maxResumes);
    }

    @Override
    public byte[] readAll(String key) throws IOException {
        S3Location location = locate(key);
        ObjectRanges ranges = new ObjectRanges(client, location, Optional.empty(), UnaryOperator.identity());
        try (InputStream in = ResumingObjectStream.open(ranges, 0, -1, maxResumes)) {
            return in.readAllBytes();
        }
    }

    @Override
    public StagedFile create(String key) {
        return new S3StagedFile(this, client, key, locate(key), partSize);
    }

    @Override
    public StoredObject put(String key, byte[] content) throws IOException {
        requireNonNull(content, "content is null");
        S3Location location = locate(key);
        try {
            client.putObject(r -> r.bucket(location.bucket()).key(location.key()), RequestBody.fromBytes(content));
        } catch (SdkException e) {
            throw S3Failures.translateWrite(e, client, location);
        }
        return stat(key).orElseThrow(() -> new IOException(location
                + " is missing right after it was written; another writer may have deleted it"));
    }

    @Override
    public void delete(String key) {
        S3Location location = locate(key);
        try {
            // S3 answers 204 for a missing key too, which is what the interface promises.
            client.deleteObject(r -> r.bucket(location.bucket()).key(location.key()));
        } catch (SdkException e) {
            throw S3Failures.translate(e, Operation.DELETE, location);
        }
    }

    private Optional<HeadObjectResponse> head(String key) {
        S3Location location = locate(key);
        try {
            return Optional.of(client.headObject(r -> r.bucket(location.bucket()).key(location.key())));
        } catch (NoSuchKeyException e) {
            // A HEAD has no body, so S3 cannot say whether the key or the whole bucket is missing; a missing
            // bucket shows up on the next list or write instead.
            return Optional.empty();
        } catch (SdkException e) {
            throw S3Failures.translate(e, Operation.READ, location);
        }
    }

    /** The object for a warehouse key; keys are relative, like the paths of the local storage. */
    private S3Location locate(String key) {
        requireNonNull(key, "key is null");
        boolean valid = !key.isEmpty() && !key.startsWith("/") && !key.endsWith("/") && !key.contains("//");
        for (String segment : key.split("/", -1)) {
            valid &= !segment.equals(".") && !segment.equals("..");
        }
        if (!valid) {
            throw new MinervaException(ErrorKind.INTERNAL, "Invalid warehouse key '" + key + "' under " + root
                    + ": keys are relative paths such as terms/dt=2020-10-01-05/x.parquet, without empty, '.' or"
                    + " '..' segments");
        }
        return root.resolve(key);
    }
}
