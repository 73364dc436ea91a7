package dev.minerva.plugins.route53resolver;

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
import org.junit.jupiter.params.provider.ValueSource;

class Route53ResolverLogFormatTest {
    private static final FormatHarness RESOLVER = FormatHarness.of("route53-resolver", Map.of());

    private static ParsedObject parse(String resource) {
        return RESOLVER.parse("file:" + resource, Samples.read(resource));
    }

    private static LogRecord edgeCase(int line) {
        return parse("/fixtures/edge-cases.jsonl").records().stream()
                .filter(r -> r.position().line() == line).findFirst().orElseThrow();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/samples/awsdocs_resolver-query-log-example.jsonl", "/samples/awsdocs_resolver-query-log-example.jsonl.gz"})
    void theDocumentedExampleParsesWithTheTrailingDotDropped(String sample) {
        ParsedObject result = parse(sample);

        assertThat(result.rejections()).isEmpty();
        assertThat(result.records()).singleElement().satisfies(record -> {
            assertThat(record.timestamp()).isEqualTo(Instant.parse("2021-02-04T17:51:55Z"));
            assertThat(record.tag()).isEqualTo("aws.route53resolver");
            assertThat(record.fields()).containsEntry("query_name", "15.3.4.32.in-addr.arpa")
                    .containsEntry("srcaddr", "4.5.64.102").containsEntry("srcport", "56067")
                    .containsEntry("firewall_rule_action", "BLOCK")
                    .containsEntry("srcids", Map.of("instance", "i-0d15cd0d3example"));
        });
    }

    @Test
    void nameAnswersLoseTheirTrailingDotAndAddressesStayAsWritten() {
        assertThat(edgeCase(1).fields()).containsEntry("query_name", "www.example.com").containsEntry("answers", List.of(
                Map.of("Rdata", "web.example.net", "Type", "CNAME", "Class", "IN"),
                Map.of("Rdata", "192.0.2.44", "Type", "A", "Class", "IN")));
    }

    @Test
    void ipv6SourcesFractionalTimesAndLaterFieldsAreKept() {
        LogRecord aaaa = edgeCase(2);
        assertThat(aaaa.timestamp()).isEqualTo(Instant.parse("2024-03-21T16:10:27.512Z"));
        assertThat(aaaa.fields()).containsEntry("srcaddr", "2001:db8:4538:1::f215");
        assertThat(edgeCase(3).fields()).containsEntry("firewall_protection", "DGA").containsEntry("answers", List.of())
                .containsEntry("query_name", "c2-beacon.example");
    }

    @Test
    void theRootNameKeepsItsOnlyDot() {
        assertThat(edgeCase(4).fields()).containsEntry("query_name", ".");
    }

    @Test
    void brokenLinesAreRejectedWithTheirNumberAndReason() {
        List<Rejection> rejections = parse("/fixtures/edge-cases.jsonl").rejections();

        assertThat(rejections).extracting(Rejection::position).containsExactly(Position.ofLine(5), Position.ofLine(6),
                Position.ofLine(7), Position.ofLine(8));
        assertThat(rejections).extracting(r -> r.code().name()).containsExactly("NOT_JSON", "WRONG_JSON_TYPE", "MISSING_TIMESTAMP", "BAD_TIMESTAMP");
        assertThat(rejections).allSatisfy(r -> assertThat(r.kind()).isEqualTo(ErrorKind.USER_INPUT));
        assertThat(rejections.get(0).reason()).startsWith("invalid JSON at column ");
        assertThat(rejections).extracting(Rejection::reason).element(1).isEqualTo("expected a JSON object, found an array");
        assertThat(rejections).extracting(Rejection::reason).element(2)
                .isEqualTo("field 'query_timestamp' should be an ISO-8601 time such as 2021-02-04T17:51:55Z, found none");
        assertThat(rejections).extracting(Rejection::reason).element(3)
                .isEqualTo("field 'query_timestamp' should be an ISO-8601 time such as 2021-02-04T17:51:55Z, found '21/Mar/2024:16:10:31 +0000'");
    }
}
