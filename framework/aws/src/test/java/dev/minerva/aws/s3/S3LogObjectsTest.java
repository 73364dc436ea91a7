package dev.minerva.aws.s3;

import dev.minerva.testing.aws.S3ProxyFixture;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.minerva.core.index.LogObject;
import dev.minerva.spi.MinervaException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

class S3LogObjectsTest {
    @RegisterExtension
    static final S3ProxyFixture S3 = new S3ProxyFixture();

    S3Client client;
    String bucket;
    S3LogObjects objects;

    @BeforeEach
    void freshBucket() {
        client = S3.client();
        bucket = S3.newBucket();
        objects = new S3LogObjects(client);
        for (String key : new String[] {"AWSLogs/a.log", "AWSLogs/b/c.log", "AWSLogs-old/d.log", "AWSLogs/folder/"}) {
            client.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromString(key.endsWith("/") ? "" : "line of " + key));
        }
    }

    @Test
    void aKeyWithoutSlashIsAnObjectOrAFolderNeverAPlainPrefix() {
        assertThat(objects.list(S3Location.parse("s3://" + bucket + "/AWSLogs")))
                .extracting(LogObject::location)
                .containsExactly("s3://" + bucket + "/AWSLogs/a.log", "s3://" + bucket + "/AWSLogs/b/c.log");
        assertThat(objects.list(S3Location.parse("s3://" + bucket + "/AWSLogs/a.log")))
                .extracting(LogObject::location).containsExactly("s3://" + bucket + "/AWSLogs/a.log");
        assertThat(objects.list(S3Location.parse("s3://" + bucket))).hasSize(3);
        assertThatThrownBy(() -> objects.list(S3Location.parse("s3://" + bucket + "/nothing/")))
                .isInstanceOf(MinervaException.class).hasMessageContaining("No S3 object at s3://" + bucket + "/nothing/");
    }

    @Test
    void listedAndDescribedObjectsAgreeOnVersionSoTheyIndexAsOneObject() throws Exception {
        LogObject listed = objects.list(S3Location.parse("s3://" + bucket + "/AWSLogs/a.log")).get(0);
        LogObject described = objects.describe(new S3Location(bucket, "AWSLogs/a.log")).orElseThrow();
        assertThat(described).isEqualTo(listed);
        assertThat(listed.version()).doesNotContain("\"").isNotBlank();
        assertThat(listed.lastModified()).isPresent();
        try (InputStream in = objects.open(described)) {
            assertThat(new String(in.readAllBytes(), UTF_8)).isEqualTo("line of AWSLogs/a.log");
        }
    }

    @Test
    void aMissingObjectIsEmptyWhenDescribedAndNoSuchFileWhenOpened() {
        assertThat(objects.describe(new S3Location(bucket, "gone.log"))).isEmpty();
        LogObject listed = objects.list(S3Location.parse("s3://" + bucket + "/AWSLogs/a.log")).get(0);
        client.deleteObject(r -> r.bucket(bucket).key("AWSLogs/a.log"));
        assertThatThrownBy(() -> objects.open(listed).close()).isInstanceOf(NoSuchFileException.class);
    }
}
