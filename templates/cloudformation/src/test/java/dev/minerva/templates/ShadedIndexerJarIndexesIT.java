package dev.minerva.templates;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minerva.testing.aws.MotoServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The shaded indexer JAR works on its own: a fresh JVM whose class path is that JAR alone (plus a driver class)
 * indexes a real CloudTrail object from S3 (moto) and compacts the warehouse. The JAR leaves most of Hadoop out, so
 * this is what proves that nothing the indexer or the compactor loads was left out with it.
 */
class ShadedIndexerJarIndexesIT {
    @RegisterExtension
    static final MotoServer MOTO = new MotoServer();

    private static final String KEY = "AWSLogs/123456789012/CloudTrail/us-east-1/2020/09/14/trail.jsonl";

    @Test
    void theJarAloneIndexesAnObjectFromS3AndCompactsTheWarehouse() throws Exception {
        assertThat(ShadedJarMatchesTheTemplateIT.INDEXER_JAR).exists();
        try (S3Client s3 = S3Client.builder().endpointOverride(MOTO.endpoint()).region(Region.of(MotoServer.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(MotoServer.ACCESS_KEY,
                        MotoServer.SECRET_KEY)))
                .httpClient(UrlConnectionHttpClient.create()).forcePathStyle(true).build()) {
            s3.createBucket(b -> b.bucket("logs"));
            s3.createBucket(b -> b.bucket("warehouse"));
            Path sample = Path.of("../../samples/logs/cloudtrail/otrf_ec2_proxy_s3_exfiltration_2020-09-14011940.records.jsonl");
            s3.putObject(b -> b.bucket("logs").key(KEY), RequestBody.fromFile(sample));

            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            String classPath = ShadedJarMatchesTheTemplateIT.INDEXER_JAR.toAbsolutePath() + ":"
                    + Path.of("target", "test-classes").toAbsolutePath();
            ProcessBuilder builder = new ProcessBuilder(java, "-Xmx512m", "-cp", classPath,
                    ShadedIndexerDriver.class.getName(), "logs", KEY).redirectErrorStream(true);
            builder.environment().put("MINERVA_WAREHOUSE", "s3://warehouse/wh/");
            builder.environment().put("MINERVA_S3_ENDPOINT", MOTO.endpoint().toString());
            builder.environment().put("MINERVA_S3_PATH_STYLE", "true");
            builder.environment().put("AWS_REGION", MotoServer.REGION);
            builder.environment().put("AWS_ACCESS_KEY_ID", MotoServer.ACCESS_KEY);
            builder.environment().put("AWS_SECRET_ACCESS_KEY", MotoServer.SECRET_KEY);
            Path log = Files.createTempFile("shaded-indexer", ".log");
            Process process = builder.redirectOutput(log.toFile()).start();
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("driver finished").isTrue();
            String output = Files.readString(log, StandardCharsets.UTF_8);
            assertThat(process.exitValue()).as(output).isZero();
            assertThat(output).contains("DRIVER_RESULT failures=0");
            assertThat(output).doesNotContain("NoClassDefFoundError", "ClassNotFoundException");

            List<String> keys = s3.listObjectsV2Paginator(b -> b.bucket("warehouse").prefix("wh/")).contents().stream()
                    .map(S3Object::key).toList();
            assertThat(keys).anyMatch(k -> k.startsWith("wh/terms/dt=2020-09-14-") && k.endsWith(".parquet"));
            assertThat(keys).anyMatch(k -> k.startsWith("wh/messages/dt=2020-09-14-") && k.endsWith(".parquet"));
            assertThat(keys).anyMatch(k -> k.startsWith("wh/objects/") && k.endsWith(".json"));
            assertThat(output).contains(" compactor={");
        }
    }
}
