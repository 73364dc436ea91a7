package dev.minerva.aws.s3;

import dev.minerva.testing.aws.S3ProxyFixture;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.minerva.spi.ErrorKind;
import dev.minerva.spi.MinervaException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketException;
import java.nio.file.NoSuchFileException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

class S3ObjectReaderTest {
    @RegisterExtension
    static final S3ProxyFixture S3 = new S3ProxyFixture();

    S3Client client;
    String bucket;

    @BeforeEach
    void freshBucket() {
        client = S3.client();
        bucket = S3.newBucket();
    }

    private S3Location put(String key, byte[] content) {
        client.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromBytes(content));
        return new S3Location(bucket, key);
    }

    private static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new Random(42).nextBytes(bytes);
        return bytes;
    }

    /** Response bodies that fail like a reset connection after {@code bytes}, for the first {@code streams}. */
    private static final class DroppingConnections implements UnaryOperator<InputStream> {
        final AtomicInteger opened = new AtomicInteger();
        private final long bytes;
        private final int streams;

        DroppingConnections(long bytes, int streams) {
            this.bytes = bytes;
            this.streams = streams;
        }

        @Override
        public InputStream apply(InputStream response) {
            if (opened.incrementAndGet() > streams) {
                return response;
            }
            return new FilterInputStream(response) {
                private long read;

                @Override
                public int read() throws IOException {
                    byte[] one = new byte[1];
                    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    if (read >= bytes) {
                        throw new SocketException("Connection reset");
                    }
                    int n = super.read(buffer, offset, (int) Math.min(length, bytes - read));
                    read += Math.max(n, 0);
                    return n;
                }
            };
        }
    }

    @Test
    void listsObjectsInKeyOrderAcrossPagesWithoutFolderMarkers() {
        put("AWSLogs/b.log", "bb".getBytes(UTF_8));
        put("AWSLogs/a.log", "a".getBytes(UTF_8));
        put("AWSLogs/sub/", new byte[0]);
        put("AWSLogs/sub/c.log", "ccc".getBytes(UTF_8));
        put("Other/d.log", "d".getBytes(UTF_8));
        S3ObjectReader reader = new S3ObjectReader(client, 3, 1, UnaryOperator.identity());

        List<S3ObjectInfo> objects = reader.list(S3Location.parse("s3://" + bucket + "/AWSLogs/"));

        assertThat(objects).extracting(S3ObjectInfo::key).containsExactly("AWSLogs/a.log", "AWSLogs/b.log",
                "AWSLogs/sub/c.log");
        assertThat(objects).extracting(S3ObjectInfo::size).containsExactly(1L, 2L, 3L);
        S3ObjectInfo first = objects.get(0);
        assertThat(first.location()).hasToString("s3://" + bucket + "/AWSLogs/a.log");
        assertThat(first.etag()).isNotBlank().doesNotContain("\"");
        assertThat(first.lastModified()).isBetween(Instant.now().minusSeconds(60), Instant.now().plusSeconds(60));
    }

    @Test
    void streamsTheWholeObject() throws Exception {
        byte[] content = randomBytes(3 << 20);
        S3Location location = put("AWSLogs/big.log", content);
        S3ObjectReader reader = new S3ObjectReader(client);
        S3ObjectInfo info = reader.list(location).get(0);
        try (InputStream in = reader.open(info)) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }
    }

    @Test
    void aDroppedConnectionResumesWhereItStoppedWithoutLosingOrRepeatingBytes() throws Exception {
        byte[] content = randomBytes(3 << 20);
        S3Location location = put("AWSLogs/flaky.log", content);
        DroppingConnections network = new DroppingConnections(1 << 20, 2); // two drops: at 1 MiB, then 2 MiB
        S3ObjectReader reader = new S3ObjectReader(client, 3, 0, network);
        String etag = reader.list(location).get(0).etag();

        MessageDigest expected = MessageDigest.getInstance("SHA-256");
        MessageDigest actual = MessageDigest.getInstance("SHA-256");
        expected.update(content);
        try (InputStream in = reader.open(location, etag)) {
            byte[] buffer = new byte[64 * 1024 + 7];
            for (int n; (n = in.read(buffer)) > 0; ) {
                actual.update(buffer, 0, n);
            }
            assertThat(((ResumingObjectStream) in).resumes()).isEqualTo(2);
        }
        assertThat(actual.digest()).isEqualTo(expected.digest());
        assertThat(network.opened).hasValue(3);
    }

    @Test
    void aConnectionThatKeepsDroppingFailsAfterTheBoundNamingTheObjectAndPosition() throws Exception {
        S3Location location = put("AWSLogs/dead.log", randomBytes(1 << 20));
        S3ObjectReader reader = new S3ObjectReader(client, 2, 0, new DroppingConnections(1000, Integer.MAX_VALUE));
        String etag = reader.list(location).get(0).etag();
        try (InputStream in = reader.open(location, etag)) {
            assertThatThrownBy(in::readAllBytes).isInstanceOf(IOException.class)
                    .hasMessageContaining("Reading s3://" + bucket + "/AWSLogs/dead.log failed at byte 3000")
                    .hasMessageContaining("after 2 resumed connection(s)")
                    .hasMessageContaining("Connection reset");
        }
    }

    @Test
    void anObjectReplacedMidReadFailsTheResumeInsteadOfMixingVersions() throws Exception {
        S3Location location = put("AWSLogs/rewritten.log", randomBytes(1 << 20));
        S3ObjectReader reader = new S3ObjectReader(client, 3, 0, new DroppingConnections(1000, 1));
        String etag = reader.list(location).get(0).etag();
        try (InputStream in = reader.open(location, etag)) {
            in.readNBytes(500);
            put("AWSLogs/rewritten.log", "a new version".getBytes(UTF_8));
            assertThatThrownBy(in::readAllBytes).isInstanceOf(IOException.class)
                    .hasMessageContaining("s3://" + bucket + "/AWSLogs/rewritten.log changed while it was being read")
                    .hasMessageContaining(etag);
        }
    }

    @Test
    void aMissingObjectOrBucketFailsAtOpen() {
        S3ObjectReader reader = new S3ObjectReader(client);
        assertThatThrownBy(() -> reader.open(new S3Location(bucket, "none.log"), "abc"))
                .isInstanceOf(NoSuchFileException.class).hasMessageContaining("s3://" + bucket + "/none.log");
        assertThatThrownBy(() -> reader.list(S3Location.parse("s3://no-such-bucket-here/AWSLogs/")))
                .isInstanceOfSatisfying(MinervaException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.USER_INPUT))
                .hasMessageContaining("S3 bucket 'no-such-bucket-here' does not exist");
    }

    /** Response bodies that break after {@code bytes} as the SDK reports it, or end early, for the first {@code streams}. */
    private static UnaryOperator<InputStream> breaking(long bytes, int streams, boolean unchecked) {
        AtomicInteger opened = new AtomicInteger();
        return response -> opened.incrementAndGet() > streams ? response : new FilterInputStream(response) {
            private long read;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                if (read >= bytes) {
                    if (unchecked) {
                        throw software.amazon.awssdk.core.exception.SdkClientException.create(
                                "Data read has a different checksum than expected");
                    }
                    return -1; // a truncated body: the connection closed before Content-Length bytes
                }
                int n = super.read(buffer, offset, (int) Math.min(length, bytes - read));
                read += Math.max(n, 0);
                return n;
            }
        };
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "unchecked SDK failure: {0}")
    @org.junit.jupiter.params.provider.ValueSource(booleans = {true, false})
    void aBodyCutShortOrFailingInsideTheSdkResumesWithBackoffAndLosesNothing(boolean unchecked) throws Exception {
        byte[] content = randomBytes(1 << 20);
        S3Location location = put("AWSLogs/cut.log", content);
        S3ObjectReader reader = new S3ObjectReader(client, 3, 0, breaking(300_000, 2, unchecked));
        String etag = reader.list(location).get(0).etag();
        long started = System.nanoTime();
        try (InputStream in = reader.open(location, etag)) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }
        // Two resumes waited at least half of 100 ms and half of 200 ms.
        assertThat((System.nanoTime() - started) / 1_000_000).isGreaterThanOrEqualTo(150);
    }

    @Test
    void aBodyThatKeepsBreakingFailsAfterTheBoundAsAnIoErrorNamingTheObjectAndByte() {
        byte[] content = randomBytes(100_000);
        S3Location location = put("AWSLogs/dead.log", content);
        S3ObjectReader reader = new S3ObjectReader(client, 2, 0, breaking(10_000, 100, true));
        String etag = reader.list(location).get(0).etag();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> {
            try (InputStream in = reader.open(location, etag)) {
                in.readAllBytes();
            }
        }).isInstanceOf(IOException.class).hasMessageContaining("AWSLogs/dead.log").hasMessageContaining("failed at byte")
                .hasMessageContaining("after 2 resumed connection(s)");
    }
}
