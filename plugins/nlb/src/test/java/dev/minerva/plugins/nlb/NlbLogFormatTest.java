package dev.minerva.plugins.nlb;

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

class NlbLogFormatTest {
    private static final FormatHarness NLB = FormatHarness.of("nlb", Map.of());

    private static ParsedObject parse(String resource) {
        return NLB.parse("file:" + resource, Samples.read(resource));
    }

    private static LogRecord edgeCase(int line) {
        return parse("/fixtures/edge-cases.log").records().stream()
                .filter(r -> r.position().line() == line).findFirst().orElseThrow();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "/samples/grafana-loki_nlbaccesslog.log, 2",
            "/samples/grafana-loki_nlbaccesslog.log.gz, 2",
    })
    void everyRealSampleParsesWithoutRejections(String sample, int records) {
        ParsedObject result = parse(sample);

        assertThat(result.records()).hasSize(records);
        assertThat(result.rejections()).isEmpty();
        assertThat(result.skips()).isEmpty();
    }

    @Test
    void timeWithoutAZoneIsUtcAndEndpointsAreSplit() {
        LogRecord record = parse("/samples/grafana-loki_nlbaccesslog.log").records().get(0);

        assertThat(record.timestamp()).isEqualTo(Instant.parse("2018-12-20T02:59:40Z"));
        assertThat(record.tag()).isEqualTo("aws.nlb");
        assertThat(record.fields()).containsEntry("client_ip", "72.21.218.154").containsEntry("client_port", 51341L)
                .containsEntry("destination_ip", "172.100.100.185").containsEntry("destination_port", 443L)
                .containsEntry("connection_time", 5L).containsEntry("tls_protocol_version", "tlsv12")
                .containsEntry("tls_connection_creation_time", "2018-12-20T02:59:30")
                .doesNotContainKeys("incoming_tls_alert", "chosen_cert_serial", "alpn_fe_protocol");
    }

    @Test
    void alpnClientPreferencesBecomeAList() {
        LogRecord record = parse("/samples/grafana-loki_nlbaccesslog.log").records().get(1);

        assertThat(record.fields()).containsEntry("alpn_fe_protocol", "h2")
                .containsEntry("alpn_client_preference_list", List.of("h2", "http/1.1"));
    }

    @Test
    void ipv6EndpointsWithoutBracketsAreSplitAtTheLastColon() {
        assertThat(edgeCase(1).fields()).containsEntry("client_ip", "2001:db8:1d0c:29b7:c9b2:7b5a:e7d0:2380")
                .containsEntry("client_port", 55932L)
                .containsEntry("destination_ip", "2001:db8:138:7c01:63c:b510:129f:89f1")
                .containsEntry("destination_port", 443L)
                .containsEntry("tls_named_group", "x25519");
    }

    @Test
    void failedHandshakeKeepsItsAlertAndLeavesDashesOut() {
        assertThat(edgeCase(2).fields()).containsEntry("incoming_tls_alert", "UnknownCA")
                .containsEntry("chosen_cert_serial", "5fd7a4b5c6e1f2a3")
                .containsEntry("additional_fields", List.of("future-field-1"))
                .doesNotContainKeys("tls_handshake_time", "tls_cipher", "domain_name", "alpn_client_preference_list");
    }

    @Test
    void lineEndingAtDomainNameIsAnOlderFormatNotAnError() {
        assertThat(edgeCase(3).fields()).containsEntry("version", "1.0")
                .containsEntry("domain_name", "my-network-loadbalancer-c6e77e28c25b2234.elb.us-east-2.amazonaws.com")
                .doesNotContainKey("tls_connection_creation_time");
    }

    @Test
    void brokenLinesAreRejectedWithTheirNumberAndReason() {
        List<Rejection> rejections = parse("/fixtures/edge-cases.log").rejections();

        assertThat(rejections).extracting(Rejection::position).containsExactly(Position.ofLine(4), Position.ofLine(5),
                Position.ofLine(6), Position.ofLine(7));
        assertThat(rejections).extracting(r -> r.code().name()).containsExactly("WRONG_FIELD_COUNT", "BAD_FIELD_VALUE", "BAD_TIMESTAMP", "MALFORMED_ENTRY");
        assertThat(rejections).allSatisfy(r -> assertThat(r.kind()).isEqualTo(ErrorKind.USER_INPUT));
        assertThat(rejections).extracting(Rejection::reason).containsExactly(
                "expected at least 18 space-separated fields (type to domain_name) of a Network Load Balancer access log, found 7",
                "field 'connection_time' (column 8) should be a whole number or '-', found '5ms'",
                "field 'time' (column 3) should be an ISO-8601 time such as 2018-12-20T02:59:40, found '29/Apr/2024:07:48:02'",
                "a quote in the field starting at column 181 is never closed");
    }
}
