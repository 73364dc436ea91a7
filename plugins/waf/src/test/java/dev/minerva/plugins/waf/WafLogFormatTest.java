package dev.minerva.plugins.waf;

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

class WafLogFormatTest {
    private static final FormatHarness WAF = FormatHarness.of("waf", Map.of());

    private static ParsedObject parse(String resource) {
        return WAF.parse("file:" + resource, Samples.read(resource));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "/samples/awsdocs_waf-log-examples.jsonl, 6",
            "/samples/awsdocs_waf-log-examples.jsonl.gz, 6",
            "/samples/grafana-loki_waflog.log, 1",
            "/samples/grafana-loki_waflog.log.gz, 1",
    })
    void everyRealSampleParsesWithoutRejections(String sample, int records) {
        ParsedObject result = parse(sample);

        assertThat(result.records()).hasSize(records);
        assertThat(result.rejections()).isEmpty();
        assertThat(result.skips()).isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void epochMillisecondsAreTheTimestampAndTheRequestStaysNested() {
        LogRecord record = parse("/samples/awsdocs_waf-log-examples.jsonl").records().get(0);

        assertThat(record.timestamp()).isEqualTo(Instant.ofEpochMilli(1576280412771L));
        assertThat(record.tag()).isEqualTo("aws.waf");
        assertThat(record.fields()).containsEntry("action", "BLOCK").containsEntry("terminatingRuleId", "STMTest_SQLi_XSS");
        assertThat(record.fields().get("httpRequest")).isInstanceOfSatisfying(Map.class, request -> {
            assertThat(request).containsEntry("clientIp", "1.1.1.1");
            assertThat((List<Object>) request.get("headers")).contains(Map.of("name", "x-stm-test", "value", "10 AND 1=1"));
        });
    }

    @Test
    void nullFieldsOfARealLogSurvive() {
        LogRecord record = parse("/samples/grafana-loki_waflog.log").records().get(0);

        assertThat(record.fields()).containsEntry("requestHeadersInserted", null).containsEntry("responseCodeSent", null);
    }

    @Test
    void ipv6ClientsAndQuotedHeaderValuesAreKept() {
        LogRecord record = parse("/fixtures/edge-cases.jsonl").records().get(0);

        @SuppressWarnings("unchecked")
        Map<String, Object> request = (Map<String, Object>) record.fields().get("httpRequest");
        assertThat(request).containsEntry("clientIp", "2001:db8:4538:1::f215");
        assertThat((List<Object>) request.get("headers")).contains(Map.of("name", "User-Agent",
                "value", "Mozilla/5.0 (X11; Linux x86_64) \"quoted\" agent"));
        assertThat(record.fields()).containsEntry("ja4Fingerprint", "t13d1516h2_8daaf6152771_02713d6af862");
    }

    @Test
    void brokenLinesAreRejectedWithTheirNumberAndReason() {
        List<Rejection> rejections = parse("/fixtures/edge-cases.jsonl").rejections();

        assertThat(rejections).extracting(Rejection::position).containsExactly(Position.ofLine(3), Position.ofLine(4),
                Position.ofLine(5), Position.ofLine(6));
        assertThat(rejections).extracting(r -> r.code().name()).containsExactly("BAD_TIMESTAMP", "MISSING_TIMESTAMP", "BAD_TIMESTAMP", "NOT_JSON");
        assertThat(rejections).allSatisfy(r -> assertThat(r.kind()).isEqualTo(ErrorKind.USER_INPUT));
        assertThat(rejections).extracting(Rejection::reason).containsExactly(
                "field 'timestamp' should be epoch milliseconds such as 1576280412771, found '2024-03-21T16:10:28Z'",
                "field 'timestamp' should be epoch milliseconds such as 1576280412771, found none",
                "field 'timestamp' should be epoch milliseconds such as 1576280412771, found 1711037429000000",
                "invalid JSON at column 104: Unrecognized token 'trailing': was expecting (JSON String, Number, Array, Object or token "
                        + "'null', 'true' or 'false')");
    }
}
