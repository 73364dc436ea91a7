package dev.minerva.aws.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.minerva.spi.ErrorKind;
import dev.minerva.spi.MinervaException;
import org.junit.jupiter.api.Test;

class S3LocationTest {
    @Test
    void parsesBucketAndKey() {
        S3Location location = S3Location.parse("s3://trail-bucket/AWSLogs/123/CloudTrail/a.json.gz");
        assertThat(location.bucket()).isEqualTo("trail-bucket");
        assertThat(location.key()).isEqualTo("AWSLogs/123/CloudTrail/a.json.gz");
        assertThat(location.isPrefix()).isFalse();
        assertThat(location).hasToString("s3://trail-bucket/AWSLogs/123/CloudTrail/a.json.gz");
    }

    @Test
    void aBareBucketIsTheRootPrefix() {
        assertThat(S3Location.parse("s3://logs")).isEqualTo(new S3Location("logs", ""));
        assertThat(S3Location.parse("s3://logs/")).isEqualTo(new S3Location("logs", ""));
        assertThat(S3Location.parse("s3://logs").isPrefix()).isTrue();
        assertThat(S3Location.parse("s3://logs")).hasToString("s3://logs/");
    }

    @Test
    void prefixesGainOneTrailingSlashAndResolveChildren() {
        S3Location warehouse = S3Location.parse("s3://bucket/warehouse");
        assertThat(warehouse.asPrefix()).isEqualTo(new S3Location("bucket", "warehouse/"));
        assertThat(warehouse.asPrefix().asPrefix()).isEqualTo(warehouse.asPrefix());
        assertThat(warehouse.resolve("terms/x.parquet")).hasToString("s3://bucket/warehouse/terms/x.parquet");
        assertThat(S3Location.parse("s3://bucket").resolve("terms/")).hasToString("s3://bucket/terms/");
    }

    @Test
    void rejectsOtherSchemesNamingTheExpectedForm() {
        assertThatThrownBy(() -> S3Location.parse("file:/tmp/logs"))
                .isInstanceOfSatisfying(MinervaException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.USER_INPUT))
                .hasMessageContaining("'file:/tmp/logs'").hasMessageContaining("s3://bucket/key");
        assertThatThrownBy(() -> S3Location.parse("s3:///key"))
                .hasMessageContaining("No bucket").hasMessageContaining("'s3:///key'");
    }

    @Test
    void rejectsInvalidBucketNamesSayingWhatIsValid() {
        for (String bad : new String[] {"Logs", "my_logs", "ab", "-logs", "logs-", "a..b", "x".repeat(64)}) {
            assertThatThrownBy(() -> S3Location.parse("s3://" + bad + "/k"))
                    .as(bad)
                    .isInstanceOf(MinervaException.class)
                    .hasMessageContaining("'" + bad + "'")
                    .hasMessageContaining("3 to 63 lower-case letters, digits, dots and hyphens");
        }
    }

    @Test
    void rejectsKeysLongerThanS3Allows() {
        assertThatThrownBy(() -> new S3Location("logs", "k".repeat(1025)))
                .isInstanceOf(MinervaException.class).hasMessageContaining("at most 1024 bytes");
    }
}
