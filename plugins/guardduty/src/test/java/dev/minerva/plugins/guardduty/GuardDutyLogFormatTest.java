package dev.minerva.plugins.guardduty;

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

class GuardDutyLogFormatTest {
    private static final FormatHarness GUARDDUTY = FormatHarness.of("guardduty", Map.of());

    private static ParsedObject parse(String resource) {
        return GUARDDUTY.parse("file:" + resource, Samples.read(resource));
    }

    @SuppressWarnings("unchecked")
    private static Object path(Map<String, Object> fields, Object... keys) {
        Object value = fields;
        for (Object key : keys) {
            value = key instanceof Integer index ? ((List<Object>) value).get(index) : ((Map<String, Object>) value).get(key);
        }
        return value;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "/samples/panther-analysis_guardduty-findings.jsonl, 8",
            "/samples/panther-analysis_guardduty-findings.jsonl.gz, 8",
            "/samples/leveret_guardduty-get-findings-sample.json, 1",
            "/samples/written_guardduty-s3-export.jsonl, 5",
    })
    void everyRealSampleParsesWithoutRejections(String sample, int records) {
        ParsedObject result = parse(sample);

        assertThat(result.records()).hasSize(records);
        assertThat(result.rejections()).isEmpty();
        assertThat(result.skips()).isEmpty();
    }

    @Test
    void updatedAtIsTheTimestampAndSpacedTimesWithoutAZoneAreUtc() {
        List<LogRecord> records = parse("/samples/panther-analysis_guardduty-findings.jsonl").records();

        assertThat(records.get(0).timestamp()).isEqualTo(Instant.parse("2025-02-25T20:40:06.721Z"));
        assertThat(records.get(2).timestamp()).isEqualTo(Instant.parse("2020-02-14T18:12:22.316Z"));
        assertThat(records.get(0).tag()).isEqualTo("aws.guardduty");
    }

    @Test
    void getFindingsResponseIsStreamedFindingByFindingWithItsPascalCaseTimes() {
        LogRecord record = parse("/samples/leveret_guardduty-get-findings-sample.json").records().get(0);

        assertThat(record.timestamp()).isEqualTo(Instant.parse("2023-04-16T06:11:53.438Z"));
        assertThat(record.fields()).containsEntry("Type", "Trojan:EC2/DropPoint!DNS");
        assertThat(record.position().line()).isEqualTo(3);
    }

    @Test
    void remoteAddressesStayInsideServiceAction() {
        List<LogRecord> records = parse("/fixtures/s3-export.jsonl").records();

        assertThat(path(records.get(0).fields(), "service", "action", "networkConnectionAction", "remoteIpDetails", "ipAddressV4"))
                .isEqualTo("198.51.100.23");
        assertThat(path(records.get(1).fields(), "service", "action", "portProbeAction", "portProbeDetails", 1, "remoteIpDetails",
                "ipAddressV4")).isEqualTo("198.51.100.23");
        assertThat(path(records.get(2).fields(), "service", "action", "awsApiCallAction", "remoteIpDetails", "ipAddressV6"))
                .isEqualTo("2001:db8:4538:1::f215");
    }

    @Test
    void eventBridgeEventsAreUnwrappedToTheirFinding() {
        LogRecord record = parse("/fixtures/s3-export.jsonl").records().get(3);

        assertThat(record.fields()).containsEntry("type", "Recon:IAMUser/MaliciousIPCaller").doesNotContainKey("detail-type");
        assertThat(record.timestamp()).isEqualTo(Instant.parse("2024-03-21T16:14:59.330Z"));
    }

    @Test
    void createdAtIsUsedWhenAFindingHasNoUpdatedAt() {
        assertThat(parse("/fixtures/s3-export.jsonl").records().get(4).timestamp()).isEqualTo(Instant.parse("2024-03-21T16:20:00Z"));
    }

    @Test
    void brokenLinesAreRejectedWithTheirNumberAndReason() {
        List<Rejection> rejections = parse("/fixtures/s3-export.jsonl").rejections();

        assertThat(rejections).extracting(Rejection::position).containsExactly(Position.ofLine(6), Position.ofLine(7),
                Position.ofLine(8));
        assertThat(rejections).extracting(r -> r.code().name()).containsExactly("NOT_JSON", "MISSING_TIMESTAMP", "BAD_TIMESTAMP");
        assertThat(rejections).allSatisfy(r -> assertThat(r.kind()).isEqualTo(ErrorKind.USER_INPUT));
        assertThat(rejections.get(0).reason()).startsWith("invalid JSON at column ");
        assertThat(rejections.get(1).reason()).isEqualTo("finding '0718a1b2c3d4e5f60718a1b2c3d4e5f6' has no readable updatedAt or "
                + "createdAt (neither is present); expected ISO-8601 such as 2023-04-16T06:11:53.438Z");
        assertThat(rejections.get(2).reason()).isEqualTo("finding '18a1b2c3d4e5f60718a1b2c3d4e5f607' has no readable updatedAt or "
                + "createdAt (updatedAt 'last tuesday'); expected ISO-8601 such as 2023-04-16T06:11:53.438Z");
    }

    @Test
    void anArrayOfFindingsIsStreamedAndAStrayValueIsRejectedInPlace() {
        ParsedObject result = parse("/fixtures/array-of-findings.json");

        assertThat(result.records()).extracting(r -> r.position().record()).containsExactly(1L, 3L);
        assertThat(result.rejections()).singleElement().satisfies(rejection -> {
            assertThat(rejection.position().record()).isEqualTo(2L);
            assertThat(rejection.reason()).isEqualTo("expected a JSON object for a finding, found a number");
        });
    }

    @Test
    void prettyPrintedFindingsOneAfterAnotherAreEachARecord() {
        String text = "{\n  \"id\": \"a\",\n  \"updatedAt\": \"2024-03-21T16:10:26.512Z\"\n}\n{\n  \"id\": \"b\",\n"
                + "  \"createdAt\": \"2024-03-21T16:11:00Z\"\n}\n";
        ParsedObject result = GUARDDUTY.parse("file:/test/pretty.json", Samples.utf8(text));

        assertThat(result.rejections()).isEmpty();
        assertThat(result.records()).extracting(r -> r.position().line()).containsExactly(1L, 5L);
    }
}
