package dev.minerva.plugins.s3access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minerva.spi.ErrorKind;
import dev.minerva.spi.LogRecord;
import dev.minerva.spi.Position;
import dev.minerva.spi.Rejection;
import dev.minerva.testkit.FormatHarness;
import dev.minerva.testkit.ParsedObject;
import dev.minerva.testkit.Samples;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class S3AccessLogFormatTest {
    private static final FormatHarness S3 = FormatHarness.of("s3-access", Map.of());

    private static ParsedObject parse(String resource) {
        return S3.parse("file:" + resource, Samples.read(resource));
    }

    private static LogRecord edgeCase(int line) {
        return parse("/fixtures/edge-cases.log").records().stream()
                .filter(r -> r.position().line() == line).findFirst().orElseThrow();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "/samples/awsdocs_s3-server-access-log-example.log, 5",
            "/samples/grafana-loki_s3accesslog.log, 1",
    })
    void everyRealSampleParsesWithoutRejections(String sample, int records) {
        ParsedObject result = parse(sample);

        assertThat(result.records()).hasSize(records);
        assertThat(result.rejections()).isEmpty();
        assertThat(result.skips()).isEmpty();
    }

    @Test
    void bracketedTimeIsTheTimestampAndQuotedFieldsAreUnquoted() {
        LogRecord record = parse("/samples/awsdocs_s3-server-access-log-example.log").records().get(0);

        assertThat(record.timestamp()).isEqualTo(Instant.parse("2019-02-06T00:00:38Z"));
        assertThat(record.tag()).isEqualTo("aws.s3access");
        assertThat(record.fields()).containsEntry("time", "06/Feb/2019:00:00:38 +0000")
                .containsEntry("remote_ip", "192.0.2.3")
                .containsEntry("operation", "REST.GET.VERSIONING")
                .containsEntry("request_uri", "GET /DOC-EXAMPLE-BUCKET1?versioning HTTP/1.1")
                .containsEntry("http_status", 200L)
                .containsEntry("bytes_sent", 113L)
                .containsEntry("user_agent", "S3Console/0.4")
                .containsEntry("access_point_arn", "arn:aws:s3:us-west-1:123456789012:accesspoint/example-AP")
                .containsEntry("acl_required", "Yes")
                .doesNotContainKeys("key", "error_code", "object_size", "referer", "version_id");
    }

    @Test
    void errorCodeAndTrailingSpaceOfTheDocumentedExampleAreRead() {
        LogRecord record = parse("/samples/awsdocs_s3-server-access-log-example.log").records().get(2);

        assertThat(record.fields()).containsEntry("http_status", 404L).containsEntry("error_code", "NoSuchBucketPolicy")
                .containsEntry("acl_required", "Yes").doesNotContainKey("additional_fields");
    }

    @Test
    void ipv6RemoteAddressAndEscapedQuotesInTheUserAgentSurvive() {
        assertThat(edgeCase(1).fields()).containsEntry("remote_ip", "2001:db8:4538:1::f215")
                .containsEntry("user_agent", "Mozilla/5.0 (X11; Linux x86_64) \"quoted\" agent")
                .containsEntry("requester", "arn:aws:iam::123456789012:user/alice")
                .containsEntry("source_region", "us-east-1")
                .containsEntry("additional_fields", List.of("future-field-1"));
    }

    @Test
    void timeWithAnOffsetIsConvertedToUtc() {
        LogRecord record = edgeCase(2);

        assertThat(record.timestamp()).isEqualTo(Instant.parse("2024-03-21T23:10:27Z"));
        assertThat(record.fields()).containsEntry("error_code", "AccessDenied").doesNotContainKeys("requester", "tls_version");
    }

    @Test
    void lineInTheOlderEighteenFieldFormatParses() {
        assertThat(edgeCase(3).fields()).containsEntry("turn_around_time", 14L).doesNotContainKeys("host_id", "version_id");
    }

    @Test
    void brokenLinesAreRejectedWithTheirNumberAndReason() {
        List<Rejection> rejections = parse("/fixtures/edge-cases.log").rejections();

        assertThat(rejections).extracting(Rejection::position).containsExactly(Position.ofLine(4), Position.ofLine(5),
                Position.ofLine(6), Position.ofLine(7));
        assertThat(rejections).extracting(r -> r.code().name()).containsExactly("MALFORMED_ENTRY", "BAD_FIELD_VALUE", "BAD_TIMESTAMP", "WRONG_FIELD_COUNT");
        assertThat(rejections).allSatisfy(r -> assertThat(r.kind()).isEqualTo(ErrorKind.USER_INPUT));
        assertThat(rejections).extracting(Rejection::reason).containsExactly(
                "the bracket opened at column 87 is never closed",
                "field 'http_status' (column 10) should be a whole number or '-', found 'OK'",
                "field 'time' (column 3) should be a bracketed time such as [06/Feb/2019:00:00:38 +0000], found '2024-03-21T16:10:30Z'",
                "expected at least 18 space-separated fields (bucket_owner to version_id) of an S3 server access log, found 7");
    }
}
