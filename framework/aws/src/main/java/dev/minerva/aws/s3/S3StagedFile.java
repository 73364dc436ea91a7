package dev.minerva.aws.s3;

import static java.util.Objects.requireNonNull;

import dev.minerva.core.warehouse.PositionOutput;
import dev.minerva.core.warehouse.StagedFile;
import dev.minerva.core.warehouse.StoredObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * An object being written to S3. Bytes are buffered up to one part; a file that fits is one PUT at publication,
 * a larger one becomes a multipart upload whose completion is the publication. Either way S3 makes the object
 * visible whole or not at all, and closing without publishing aborts the upload so no parts linger.
 */
final class S3StagedFile implements StagedFile {
    private static final Logger LOG = LoggerFactory.getLogger(S3StagedFile.class);
    private static final int FIRST_BUFFER = 64 * 1024;

    private final S3WarehouseStorage storage;
    private final S3Client client;
    private final String key;
    private final S3Location location;
    private final int partSize;
    private UploadStream stream;
    private boolean published;

    S3StagedFile(S3WarehouseStorage storage, S3Client client, String key, S3Location location, int partSize) {
        this.storage = requireNonNull(storage, "storage is null");
        this.client = requireNonNull(client, "client is null");
        this.key = requireNonNull(key, "key is null");
        this.location = requireNonNull(location, "location is null");
        this.partSize = partSize;
    }

    @Override
    public String key() {
        return key;
    }

    @Override
    public PositionOutput openOutput() {
        return open();
    }

    private PositionOutput open() {
        if (stream != null) {
            throw new IllegalStateException("The output of " + location + " was already created");
        }
        if (published) {
            throw new IllegalStateException(location + " is already published");
        }
        stream = new UploadStream();
        return stream;
    }

    @Override
    public StoredObject publish() throws IOException {
        if (published) {
            throw new IllegalStateException(location + " is already published");
        }
        if (stream == null) {
            throw new IllegalStateException("Nothing was written to " + location + "; create its output first");
        }
        try {
            stream.finish();
        } catch (SdkException e) {
            throw S3Failures.translateWrite(e, client, location);
        }
        published = true;
        return storage.stat(key).orElseThrow(() -> new IOException(location
                + " is missing right after it was published; another writer may have deleted it"));
    }

    @Override
    public void close() {
        if (!published && stream != null) {
            stream.abort();
        }
    }

    /** Bytes in memory up to one part; full parts go to S3 as they fill. */
    private final class UploadStream extends PositionOutput {
        private byte[] buffer = new byte[0];
        private int count;
        private long position;
        private String uploadId;
        private final List<CompletedPart> parts = new ArrayList<>();
        private boolean closed;

        @Override
        public long position() {
            return position;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            Objects.checkFromIndexSize(offset, length, bytes.length);
            if (closed) {
                throw new IOException("The output of " + location + " is closed");
            }
            while (length > 0) {
                if (count == partSize) {
                    uploadPart();
                }
                ensureCapacity(Math.min(partSize, count + length));
                int n = Math.min(length, partSize - count);
                System.arraycopy(bytes, offset, buffer, count, n);
                count += n;
                position += n;
                offset += n;
                length -= n;
            }
        }

        @Override
        public void close() {
            // Parquet closes the stream when the file is complete; the object appears only at publish().
            closed = true;
        }

        private void ensureCapacity(int needed) {
            if (buffer.length < needed) {
                // Grow by doubling so small files (manifests, rejects) never hold a whole part in memory.
                int size = Math.max(needed, Math.min(partSize, Math.max(FIRST_BUFFER, buffer.length * 2)));
                buffer = Arrays.copyOf(buffer, size);
            }
        }

        private RequestBody body() {
            byte[] bytes = buffer;
            int length = count;
            // A provider rather than fromBytes: no copy of the part, and the SDK can replay it on a retry.
            return RequestBody.fromContentProvider(() -> new ByteArrayInputStream(bytes, 0, length), length,
                    "application/octet-stream");
        }

        private void uploadPart() throws IOException {
            try {
                if (uploadId == null) {
                    uploadId = client.createMultipartUpload(r -> r.bucket(location.bucket()).key(location.key())
                            .checksumAlgorithm(ChecksumAlgorithm.CRC32)).uploadId();
                }
                int number = parts.size() + 1;
                UploadPartResponse response = client.uploadPart(r -> r.bucket(location.bucket())
                        .key(location.key()).uploadId(uploadId).partNumber(number)
                        .checksumAlgorithm(ChecksumAlgorithm.CRC32), body());
                parts.add(CompletedPart.builder().partNumber(number).eTag(response.eTag())
                        .checksumCRC32(response.checksumCRC32()).build());
                count = 0;
            } catch (SdkException e) {
                throw new IOException(S3Failures.translateWrite(e, client, location).getMessage(), e);
            }
        }

        void finish() throws IOException {
            closed = true;
            if (uploadId == null) {
                client.putObject(r -> r.bucket(location.bucket()).key(location.key()), body());
            } else {
                if (count > 0) {
                    uploadPart();
                }
                client.completeMultipartUpload(r -> r.bucket(location.bucket()).key(location.key())
                        .uploadId(uploadId).multipartUpload(u -> u.parts(parts)));
            }
            buffer = new byte[0];
        }

        void abort() {
            closed = true;
            buffer = new byte[0];
            if (uploadId == null) {
                return;
            }
            try {
                client.abortMultipartUpload(r -> r.bucket(location.bucket()).key(location.key())
                        .uploadId(uploadId));
            } catch (SdkException e) {
                // Close must not mask the failure that led here; a lifecycle rule
                // (AbortIncompleteMultipartUpload) collects what is left.
                LOG.warn("Could not abort the multipart upload {} of {}: {}", uploadId, location, e.toString());
            }
        }
    }
}
