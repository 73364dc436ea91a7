package dev.minerva.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IndexCommandTest {
    static final Path SAMPLES = Path.of("../samples").toAbsolutePath().normalize();

    @TempDir
    Path temp;

    @Test
    void formatsListsTheBundledPluginsWithTheirOrigin() {
        CliRun run = CliRun.of("formats", "--output", "json");
        assertThat(run.status()).isZero();
        assertThat(run.out().lines()).hasSize(10);
        assertThat(run.out()).contains("\"name\":\"cloudtrail\"", "\"name\":\"syslog-json\"", "\"name\":\"vpcflow\"", "vpcflow",
                "\"name\":\"alb\"", "\"name\":\"nlb\"", "\"name\":\"s3-access\"", "\"name\":\"cloudfront\"",
                "\"name\":\"route53-resolver\"", "\"name\":\"waf\"", "\"name\":\"guardduty\"", "guardduty");
    }

    @Test
    void formatsTableKeepsItsColumnsAlignedForTheLongestName() {
        CliRun run = CliRun.of("formats");
        assertThat(run.status()).isZero();
        var rows = run.out().lines().filter(line -> !line.startsWith(" ")).toList();
        assertThat(rows).hasSize(10);
        assertThat(rows).allSatisfy(line -> assertThat(line.indexOf(" aws.") < 0 ? line.indexOf(" syslog ") : line.indexOf(" aws."))
                .isEqualTo("route53-resolver".length()));
    }

    @Test
    void indexesTheBundledSamplesWithTheirRejectionsCounted() {
        String warehouse = temp.resolve("wh").toString();
        CliRun run = CliRun.of("index", "--warehouse", warehouse, "--config", SAMPLES.resolve("minerva.yaml").toString(), SAMPLES.resolve("logs").toString());
        assertThat(run.status()).as(run.err()).isZero();
        // 8 derived CloudTrail events carry no time at all, and one flow-log line is 'bogus line'; the load balancer,
        // S3 access, CloudFront, Resolver, WAF and GuardDuty samples parse without a rejection.
        assertThat(run.out()).contains("Indexed 44 of 44 objects", "454 records, 9 rejections, 2 skipped");
        assertThat(Files.isDirectory(temp.resolve("wh/terms"))).isTrue();

        CliRun again = CliRun.of("index", "--warehouse", warehouse, "--config", SAMPLES.resolve("minerva.yaml").toString(), SAMPLES.resolve("logs").toString());
        assertThat(again.out()).contains("Indexed 0 of 44 objects", "44 unchanged");
    }

    @Test
    void forcedFormatWithOptionsIndexesEveryFile() {
        CliRun run = CliRun.of("index", "--warehouse", temp.resolve("wh").toString(), "--format", "syslog-json", "--tag", "linux",
                "--option", "timestamp-field=TimeGenerated", SAMPLES.resolve("logs/syslog-json/otrf_syslog_auoms_auditd_log4shell_2022-05-11181020.jsonl").toString());
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).contains("Indexed 1 of 1 objects", "50 records, 0 rejections");
    }

    @Test
    void anUnpairedSurrogateEscapeFailsNeitherTheRecordNorTheObject() throws Exception {
        // An attacker controls fields like a user agent; an escape that decodes to half a UTF-16 pair must neither
        // fail the record nor the object.
        Path log = Files.writeString(temp.resolve("app.jsonl"),
                "{\"time\":\"2024-03-05T10:00:00Z\",\"ua\":\"curl\\ud800x\",\"host\":\"web-7\"}\n"
                + "{\"time\":\"2024-03-05T10:00:01Z\",\"ua\":\"curl\",\"host\":\"web-8\"}\n");
        String warehouse = temp.resolve("wh").toString();
        CliRun index = CliRun.of("index", "--warehouse", warehouse, "--format", "syslog-json", log.toString());
        assertThat(index.status()).as(index.err()).isZero();
        assertThat(index.out()).contains("Indexed 1 of 1 objects", "2 records, 0 rejections");

        CliRun search = CliRun.of("search", "--warehouse", warehouse, "--from", "2024-03-05", "--output", "json", "web-7");
        assertThat(search.status()).as(search.err()).isZero();
        assertThat(search.out()).contains("\"host\":\"web-7\"", "\"ua\":\"curl");
    }

    @Test
    void userErrorsAreOneLineWithStatusOneAndUsageErrorsStatusTwo() {
        CliRun unknownFormat = CliRun.of("index", "--warehouse", temp.toString(), "--format", "vpcflow2", SAMPLES.toString());
        assertThat(unknownFormat.status()).isEqualTo(1);
        assertThat(unknownFormat.err()).isEqualTo("minerva: No log format 'vpcflow2'. Available formats: alb, cloudfront, cloudtrail, "
                + "guardduty, nlb, route53-resolver, s3-access, syslog-json, vpcflow, waf [UNKNOWN_FORMAT]\n");

        CliRun badOption = CliRun.of("index", "--warehouse", temp.toString(), "--format", "syslog-json", "--option", "timezone=Mars/Base", SAMPLES.toString());
        assertThat(badOption.status()).isEqualTo(1);
        assertThat(badOption.err()).contains("timezone").doesNotContain("\tat ");

        CliRun missing = CliRun.of("index", "--warehouse", temp.toString(), "--config", "x.yaml");
        assertThat(missing.status()).isEqualTo(2);
        assertThat(missing.err()).contains("Missing required parameter");

        CliRun noSuchPath = CliRun.of("index", "--warehouse", temp.toString(), "--format", "vpcflow", temp.resolve("nope").toString());
        assertThat(noSuchPath.status()).isEqualTo(1);
        assertThat(noSuchPath.err()).contains("No such file or folder");
    }

    @Test
    void debugPrintsTheStackTrace() {
        CliRun run = CliRun.of("--debug", "index", "--warehouse", temp.toString(), "--format", "vpcflow2", SAMPLES.toString());
        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).contains("\tat dev.minerva");
    }
}
