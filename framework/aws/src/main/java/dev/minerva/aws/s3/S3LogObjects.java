package dev.minerva.aws.s3;

import static java.util.Objects.requireNonNull;

import dev.minerva.core.CoreErrorCode;
import dev.minerva.core.index.LogObject;
import dev.minerva.core.index.LogObjectReader;
import dev.minerva.aws.s3.S3Failures.Operation;
import dev.minerva.spi.ErrorLocation;
import dev.minerva.spi.MinervaException;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Log objects in S3 as the indexer sees them: location {@code s3://bucket/key}, version the ETag, modification time
 * from S3. Lists them like local files and folders, looks single ones up, and streams them pinned to their ETag.
 */
public final class S3LogObjects implements LogObjectReader {
    private final S3Client client;
    private final S3ObjectReader reader;

    public S3LogObjects(S3Client client) {
        this.client = requireNonNull(client, "client is null");
        this.reader = new S3ObjectReader(client);
    }

    /**
     * The objects at {@code location}, like a local path: a location ending in '/' (or a bare bucket) names a folder
     * and yields every object under it; any other names the object with that key and, as a folder, the objects under
     * {@code key/}. Fails when nothing is there, like a missing local path.
     */
    public List<LogObject> list(S3Location location) {
        requireNonNull(location, "location is null");
        String key = location.key();
        List<LogObject> objects = reader.list(location).stream()
                .filter(o -> location.isPrefix() || o.key().equals(key) || o.key().startsWith(key + "/"))
                .map(S3LogObjects::logObject)
                .toList();
        if (objects.isEmpty()) {
            throw new MinervaException(CoreErrorCode.LOCATION_NOT_FOUND, ErrorLocation.of(location.toString()), "No S3 object at " + location + (location.isPrefix() ? "" : " or under " + location.asPrefix()));
        }
        return objects;
    }

    /** The object as S3 has it now (one HEAD request), or empty when it does not exist. */
    public Optional<LogObject> describe(S3Location location) {
        requireNonNull(location, "location is null");
        HeadObjectResponse head;
        try {
            head = client.headObject(r -> r.bucket(location.bucket()).key(location.key()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw S3Failures.translate(e, Operation.READ, location);
        }
        return Optional.of(new LogObject(location.toString(), head.contentLength(), Optional.ofNullable(head.lastModified()),
                ObjectRanges.bare(head.eTag() == null ? "" : head.eTag())));
    }

    /**
     * Streams the object at the version it was listed or described with: if it changed since, reading fails
     * instead of mixing versions.
     *
     * @throws java.nio.file.NoSuchFileException when the object no longer exists
     */
    @Override
    public InputStream open(LogObject object) throws IOException {
        requireNonNull(object, "object is null");
        if (!object.location().startsWith("s3://")) {
            throw MinervaException.userInput("Not an S3 object: " + object.location());
        }
        return reader.open(S3Location.parse(object.location()), object.version());
    }

    static LogObject logObject(S3ObjectInfo info) {
        return new LogObject(info.location().toString(), info.size(), Optional.of(info.lastModified()), info.etag());
    }
}
