package dev.minerva.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minerva.aws.s3.S3ClientFactory;
import dev.minerva.aws.s3.S3Settings;
import dev.minerva.testing.aws.MotoServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The CLI indexes from and to S3 (moto_server) with the same code as local folders. */
class S3CommandsTest {
    @RegisterExtension
    static final MotoServer MOTO = new MotoServer();

    static final Path SAMPLES = Path.of("../samples/logs").toAbsolutePath().normalize();

    @TempDir
    Path temp;

    @BeforeAll
    static void credentialsForTheDefaultChain() {
        // The CLI takes credentials and region from the SDK's default chains; system properties come first there.
        System.setProperty("aws.accessKeyId", MotoServer.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", MotoServer.SECRET_KEY);
        System.setProperty("aws.region", MotoServer.REGION);
    }

    @AfterAll
    static void clearCredentials() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        System.clearProperty("aws.region");
    }

    private S3Client client() {
        return S3ClientFactory.create(S3Settings.defaults().withEndpoint(MOTO.endpoint()).withPathStyle(true).withRegion(MotoServer.REGION),
                StaticCredentialsProvider.create(AwsBasicCredentials.create(MotoServer.ACCESS_KEY, MotoServer.SECRET_KEY)));
    }

    private String[] s3(String... args) {
        List<String> all = new java.util.ArrayList<>(List.of(args));
        all.addAll(1, List.of("--s3-endpoint", MOTO.endpoint().toString(), "--s3-path-style"));
        return all.toArray(String[]::new);
    }

    @Test
    void indexesS3ObjectsIntoAnS3WarehouseOnceAndRefusesToSearchIt() throws Exception {
        MOTO.reset();
        try (S3Client s3 = client()) {
            s3.createBucket(r -> r.bucket("logs"));
            s3.createBucket(r -> r.bucket("warehouse"));
            String flows = "AWSLogs/123456789012/vpcflowlogs/us-east-1/2019/12/01/";
            s3.putObject(r -> r.bucket("logs").key(flows + "flow one.log.gz"), RequestBody.fromFile(SAMPLES.resolve("vpcflow/awsdocs_v2-default.log.gz")));
            s3.putObject(r -> r.bucket("logs").key(flows + "flow+two.log.gz"), RequestBody.fromFile(SAMPLES.resolve("vpcflow/flowlogs-reader_v2-default.log.gz")));
            s3.putObject(r -> r.bucket("logs").key("AWSLogs/123456789012/CloudTrail/eu-central-1/2017/12/11/trail.json.gz"),
                    RequestBody.fromFile(SAMPLES.resolve("cloudtrail/trailscraper_111111111111_CloudTrail_eu-central-1_20171211T1505Z_A6kvhMoVeCsc7v8U.json.gz")));
            Path config = temp.resolve("minerva.yaml");
            Files.writeString(config, """
                    sources:
                      - match: s3://logs/AWSLogs/*/vpcflowlogs/**
                        format: vpcflow
                      - match: s3://logs/AWSLogs/*/CloudTrail/**
                        format: cloudtrail
                    """);

            CliRun run = CliRun.of(s3("index", "--warehouse", "s3://warehouse/minerva/", "--config", config.toString(), "s3://logs/AWSLogs/"));
            assertThat(run.status()).as(run.err()).isZero();
            assertThat(run.out()).contains("Indexed 3 of 3 objects into s3://warehouse/minerva/ (0 unchanged, 0 without a source, 0 failed)");
            List<String> keys = s3.listObjectsV2Paginator(r -> r.bucket("warehouse")).contents().stream().map(S3Object::key).toList();
            assertThat(keys).anyMatch(k -> k.startsWith("minerva/terms/dt=")).anyMatch(k -> k.startsWith("minerva/messages/dt="))
                    .filteredOn(k -> k.startsWith("minerva/objects/")).hasSize(3);

            CliRun again = CliRun.of(s3("index", "--warehouse", "s3://warehouse/minerva/", "--config", config.toString(), "s3://logs/AWSLogs/"));
            assertThat(again.out()).contains("Indexed 0 of 3 objects", "3 unchanged");
            assertThat(s3.listObjectsV2Paginator(r -> r.bucket("warehouse")).contents().stream().map(S3Object::key).toList())
                    .isEqualTo(keys);

            CliRun compact = CliRun.of(s3("compact", "--warehouse", "s3://warehouse/minerva/"));
            assertThat(compact.status()).as(compact.err()).isZero();
            assertThat(compact.out()).startsWith("Compacted s3://warehouse/minerva/:");

            CliRun search = CliRun.of("search", "--warehouse", "s3://warehouse/minerva/", "10.0.0.1");
            assertThat(search.status()).isEqualTo(1);
            assertThat(search.err()).contains("minerva search cannot use the S3 warehouse s3://warehouse/minerva/", "DuckDB", "aws s3 sync")
                    .doesNotContain("\tat ");
        }
    }

    @Test
    void localLogsIntoAnS3WarehouseAndS3LogsIntoALocalOne() throws Exception {
        MOTO.reset();
        try (S3Client s3 = client()) {
            s3.createBucket(r -> r.bucket("warehouse"));
            s3.createBucket(r -> r.bucket("logs"));
            CliRun up = CliRun.of(s3("index", "--warehouse", "s3://warehouse/", "--format", "vpcflow",
                    SAMPLES.resolve("vpcflow/awsdocs_v2-default.log.gz").toString()));
            assertThat(up.status()).as(up.err()).isZero();
            assertThat(up.out()).contains("Indexed 1 of 1 objects into s3://warehouse/");

            s3.putObject(r -> r.bucket("logs").key("flows/a.log.gz"), RequestBody.fromFile(SAMPLES.resolve("vpcflow/awsdocs_v2-default.log.gz")));
            CliRun down = CliRun.of(s3("index", "--warehouse", temp.resolve("wh").toString(), "--format", "vpcflow", "s3://logs/flows/a.log.gz"));
            assertThat(down.status()).as(down.err()).isZero();
            assertThat(down.out()).contains("Indexed 1 of 1 objects");
            assertThat(Files.isDirectory(temp.resolve("wh/terms"))).isTrue();

            CliRun missing = CliRun.of(s3("index", "--warehouse", temp.resolve("wh").toString(), "--format", "vpcflow", "s3://logs/nothing/"));
            assertThat(missing.status()).isEqualTo(1);
            assertThat(missing.err()).isEqualTo("minerva: No S3 object at s3://logs/nothing/ [LOCATION_NOT_FOUND]\n");
        }
    }
}
