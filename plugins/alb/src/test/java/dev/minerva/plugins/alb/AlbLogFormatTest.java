package dev.minerva.plugins.alb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minerva.spi.ErrorKind;
import dev.minerva.spi.LogRecord;
import dev.minerva.spi.Position;
import dev.minerva.spi.Rejection;
import dev.minerva.testkit.FormatHarness;
import dev.minerva.testkit.ParsedObject;
import dev.minerva.testkit.Samples;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AlbLogFormatTest {
    private static final FormatHarness ALB = FormatHarness.of("alb", Map.of());

    private static ParsedObject parse(String resource) {
        return ALB.parse("file:" + resource, Samples.read(resource));
    }

    private static LogRecord edgeCase(int line) {
        return parse("/fixtures/edge-cases.log").records().stream()
                .filter(r -> r.position().line() == line).findFirst().orElseThrow();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "/samples/awsdocs_alb-access-log-examples.log, 7",
            "/samples/awsdocs_alb-access-log-examples.log.gz, 7",
            "/samples/grafana-loki_albaccesslog.log, 2",
            "/samples/grafana-loki_albaccesslog.log.gz, 2",
    })
    void everyRealSampleParsesWithoutRejections(String sample, int records) {
        ParsedObject result = parse(sample);

        assertThat(result.records()).hasSize(records);
        assertThat(result.rejections()).isEmpty();
        assertThat(result.skips()).isEmpty();
    }

    @Test
    void clientAndTargetAreSplitIntoAddressAndPort() {
        LogRecord record = parse("/samples/awsdocs_alb-access-log-examples.log").records().get(0);

        assertThat(record.fields()).containsEntry("client_ip", "192.168.131.39").containsEntry("client_port", 2817L)
                .containsEntry("target_ip", "10.0.0.1").containsEntry("target_port", 80L)
                .doesNotContainKeys("client", "target");
        assertThat(record.timestamp()).isEqualTo(Instant.parse("2018-07-02T22:23:00.186641Z"));
        assertThat(record.tag()).isEqualTo("aws.alb");
    }

    @Test
    void quotedFieldsKeepTheirSpacesAndDashesMeanAbsent() {
        LogRecord record = parse("/samples/awsdocs_alb-access-log-examples.log").records().get(0);

        assertThat(record.fields()).containsEntry("request", "GET http://www.example.com:80/ HTTP/1.1")
                .containsEntry("user_agent", "curl/7.46.0")
                .containsEntry("request_processing_time", new BigDecimal("0.000"))
                .containsEntry("elb_status_code", 200L)
                .containsEntry("target_port_list", List.of("10.0.0.1:80"))
                .doesNotContainKeys("ssl_cipher", "ssl_protocol", "domain_name", "chosen_cert_arn", "redirect_url");
    }

    @Test
    void failedLambdaTargetHasNoTargetStatusAndNamesTheError() {
        LogRecord record = parse("/samples/awsdocs_alb-access-log-examples.log").records().get(6);

        assertThat(record.fields()).containsEntry("elb_status_code", 502L).containsEntry("error_reason", "LambdaInvalidResponse")
                .doesNotContainKeys("target_status_code", "target_ip");
    }

    @Test
    void ipv6ClientWithoutBracketsIsSplitAtTheLastColon() {
        assertThat(edgeCase(1).fields()).containsEntry("client_ip", "2001:db8:4538:1:bcf4:5264:e01c:f215")
                .containsEntry("client_port", 50718L);
    }

    @Test
    void bracketedIpv6EndpointsLoseTheirBrackets() {
        assertThat(edgeCase(2).fields()).containsEntry("client_ip", "2001:db8::7").containsEntry("client_port", 443L)
                .containsEntry("target_ip", "2001:db8::20").containsEntry("target_port", 8443L)
                .containsEntry("target_port_list", List.of("[2001:db8::20]:8443", "10.0.0.25:8443"))
                .containsEntry("target_status_code_list", List.of("200", "503"));
    }

    @Test
    void escapedQuotesInsideAQuotedFieldAreUnescaped() {
        assertThat(edgeCase(1).fields()).containsEntry("user_agent", "Mozilla/5.0 (X11; Linux x86_64) \"quoted\" agent")
                .containsEntry("conn_trace_id", "TID_a1b2c3d4e5f67890abcdef1234567890")
                .containsEntry("actions_executed", "waf,forward");
    }

    @Test
    void fieldsAwsAddsLaterAreKeptAfterTheDocumentedOnes() {
        assertThat(edgeCase(2).fields()).containsEntry("transformed_uri", "/login")
                .containsEntry("request_transform_status", "OriginalRetrieved")
                .containsEntry("classification", "Ambiguous")
                .containsEntry("additional_fields", List.of("future-field-1", "future-field-2"))
                .doesNotContainKey("transformed_host");
    }

    @Test
    void lineInTheLaunchFormatParsesWithoutTheLaterFields() {
        assertThat(edgeCase(3).fields()).containsEntry("trace_id", "Root=1-57ab8f9c-1f8e2ee6a9b0b0e2a4ff3c51")
                .containsEntry("elb_status_code", 404L)
                .doesNotContainKeys("domain_name", "request_creation_time", "additional_fields");
    }

    @Test
    void requestTheLoadBalancerCouldNotDispatchKeepsItsMinusOneTimes() {
        assertThat(edgeCase(4).fields()).containsEntry("request_processing_time", new BigDecimal("-1"))
                .containsEntry("request", "- - - ")
                .doesNotContainKeys("target_ip", "target_status_code", "user_agent");
    }

    @Test
    void brokenLinesAreRejectedWithTheirNumberAndReason() {
        List<Rejection> rejections = parse("/fixtures/edge-cases.log").rejections();

        assertThat(rejections).extracting(Rejection::position).containsExactly(Position.ofLine(5), Position.ofLine(6),
                Position.ofLine(7), Position.ofLine(8), Position.ofLine(9));
        assertThat(rejections).extracting(r -> r.code().name()).containsExactly("MALFORMED_ENTRY", "WRONG_FIELD_COUNT", "BAD_FIELD_VALUE", "BAD_TIMESTAMP", "BAD_FIELD_VALUE");
        assertThat(rejections).allSatisfy(r -> assertThat(r.kind()).isEqualTo(ErrorKind.USER_INPUT));
        assertThat(rejections).extracting(Rejection::reason).containsExactly(
                "a quote in the field starting at column 132 is never closed",
                "expected at least 18 space-separated fields (type to trace_id) of an Application Load Balancer access log, found 8",
                "field 'request_processing_time' (column 6) should be a decimal number or '-', found 'fast'",
                "field 'time' (column 2) should be ISO-8601 such as 2018-07-02T22:23:00.186641Z, found 'yesterday'",
                "field 'client' (column 4) should be address:port or '-', found '192.0.2.77'");
    }
}
