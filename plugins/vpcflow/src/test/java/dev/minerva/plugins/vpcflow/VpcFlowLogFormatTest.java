package dev.minerva.plugins.vpcflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.minerva.spi.ErrorKind;
import dev.minerva.spi.MinervaException;
import dev.minerva.spi.Position;
import dev.minerva.spi.StandardErrorCode;
import dev.minerva.testkit.FormatHarness;
import dev.minerva.testkit.ParsedObject;
import dev.minerva.testkit.Samples;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VpcFlowLogFormatTest {
    private static final FormatHarness DEFAULT = FormatHarness.of("vpcflow", Map.of());

    private static ParsedObject parse(FormatHarness harness, String resource) {
        return harness.parse("file:" + resource, Samples.read(resource));
    }

    private static ParsedObject parseText(FormatHarness harness, String text) {
        return harness.parse("file:/test/flows.log", Samples.utf8(text));
    }

    /** Every shared sample, plain and gzip: how many records, rejections and skips it yields (the report's table). */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "/fixtures/awsdocs_v2-default.log, 7, 0",
            "/fixtures/awsdocs_v3-custom-tcp-flags.log, 8, 0",
            "/fixtures/flowlogs-reader_v5-custom-with-bogus-line.log, 2, 1",
            "/samples/awsdocs_v2-default.log.gz, 7, 0",
            "/samples/awsdocs_v3-custom-tcp-flags.log.gz, 8, 0",
            "/samples/flowlogs-reader_v5-custom-with-bogus-line.log.gz, 2, 1",
            "/samples/awsdocs_v5-custom-traffic-path.log, 2, 0",
            "/samples/awsdocs_v5-custom-traffic-path.log.gz, 2, 0",
            "/samples/flowlogs-reader_v2-default.log, 5, 0",
            "/samples/flowlogs-reader_v2-default.log.gz, 5, 0",
            "/samples/flowlogs-reader_v3-custom.log, 2, 0",
            "/samples/flowlogs-reader_v3-custom.log.gz, 2, 0",
            "/samples/flowlogs-reader_v4-custom.log, 2, 0",
            "/samples/flowlogs-reader_v4-custom.log.gz, 2, 0",
            "/samples/grafana-loki_vpcflowlog_v2-default.log, 3, 0",
            "/samples/grafana-loki_vpcflowlog_v2-default.log.gz, 3, 0",
            // These layouts have no 'start' column: rows cannot be timestamped, so they are rejected, not dated 1970.
            "/samples/awsdocs_custom-nat-gateway-no-version.log, 6, 0",
            "/samples/awsdocs_custom-nat-gateway-no-version.log.gz, 6, 0",
            "/samples/awsdocs_v3-custom-transit-gateway.log, 4, 0",
            "/samples/awsdocs_v3-custom-transit-gateway.log.gz, 4, 0",
            "/samples/flowlogs-reader_v6-transit-gateway-custom.log, 1, 0",
            "/samples/flowlogs-reader_v6-transit-gateway-custom.log.gz, 1, 0",
    })
    void sampleYieldsItsRecordsAndRejections(String sample, int records, int rejections) {
        ParsedObject result = parse(DEFAULT, sample);

        assertThat(result.records()).hasSize(records);
        assertThat(result.rejections()).hasSize(rejections);
        assertThat(result.skips()).isEmpty();
        assertThat(result.summary().gzip()).isEqualTo(sample.endsWith(".gz"));
    }

    @Test
    void headerDecidesFieldOrderAndNumbersBecomeLongs() {
        var record = parse(DEFAULT, "/samples/flowlogs-reader_v3-custom.log").records().get(0);

        assertThat(record.fields()).containsEntry("version", 3L)
                .containsEntry("account-id", "000000000000")
                .containsEntry("srcaddr", "172.18.160.68")
                .containsEntry("pkt-srcaddr", "192.168.0.1")
                .containsEntry("srcport", 443L)
                .containsEntry("tcp-flags", 19L)
                .containsEntry("bytes", 6392L);
        assertThat(record.timestamp()).isEqualTo(Instant.ofEpochSecond(1568300367));
        assertThat(record.position()).isEqualTo(Position.ofLine(2));
        assertThat(record.tag()).isEqualTo("aws.vpcflow");
    }

    @Test
    void noDataAndSkipDataRowsAreRecordsWithoutAddresses() {
        var records = parse(DEFAULT, "/fixtures/awsdocs_v2-default.log").records();

        assertThat(records.get(2).fields()).containsEntry("log-status", "NODATA")
                .doesNotContainKeys("srcaddr", "dstaddr", "srcport", "action", "packets");
        assertThat(records.get(3).fields()).containsEntry("log-status", "SKIPDATA")
                .containsEntry("interface-id", "eni-11111111aaaaaaaaa");
    }

    @Test
    void ipv6AddressesStayIntact() {
        var record = parse(DEFAULT, "/fixtures/awsdocs_v2-default.log").records().get(6);

        assertThat(record.fields()).containsEntry("srcaddr", "2001:db8:1234:a100:8d6e:3477:df66:f105")
                .containsEntry("dstaddr", "2001:db8:1234:a102:3304:8879:34cf:4071");
    }

    @Test
    void doubledSpaceBetweenFieldsDoesNotShiftColumns() {
        var records = parse(DEFAULT, "/fixtures/awsdocs_v3-custom-tcp-flags.log").records();

        assertThat(records.get(7).fields()).containsEntry("dstport", 43638L)
                .containsEntry("pkt-srcaddr", "10.0.0.62")
                .containsEntry("tcp-flags", 19L);
    }

    @Test
    void bogusLineIsRejectedWithItsNumberWhileTheOthersParse() {
        var result = parse(DEFAULT, "/fixtures/flowlogs-reader_v5-custom-with-bogus-line.log");

        assertThat(result.records()).hasSize(2);
        assertThat(result.records().get(0).fields()).containsEntry("flow-direction", "ingress")
                .containsEntry("pkt-src-aws-service", "S3")
                .doesNotContainKey("traffic-path");
        assertThat(result.records().get(1).fields()).containsEntry("traffic-path", 7L);
        assertThat(result.rejections()).singleElement().satisfies(rejection -> {
            assertThat(rejection.position()).isEqualTo(Position.ofLine(4));
            assertThat(rejection.code()).isEqualTo(StandardErrorCode.WRONG_FIELD_COUNT.toErrorCode());
            assertThat(rejection.kind()).isEqualTo(ErrorKind.USER_INPUT);
            assertThat(rejection.reason()).isEqualTo("expected 29 fields in the header at line 1, found 2");
            assertThat(rejection.excerpt()).isEqualTo("bogus line");
        });
    }

    @Test
    void fileWithoutHeaderUsesTheDefaultVersion2Order() {
        var result = parseText(DEFAULT, (
                "2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK\n"
                        + "2 123456789010 eni-1235b8ca123456789 172.31.16.139\n"));

        assertThat(result.records()).singleElement().satisfies(record -> {
            assertThat(record.fields()).containsEntry("dstport", 22L).containsEntry("action", "ACCEPT");
            assertThat(record.position()).isEqualTo(Position.ofLine(1));
        });
        assertThat(result.rejections()).singleElement().satisfies(rejection -> assertThat(rejection.reason())
                .isEqualTo("expected 14 fields in the default version 2 format (the file has no header line), found 4"));
    }

    @Test
    void fieldsOptionOverridesTheHeaderAndKeepsUnknownNames() {
        FormatHarness format = FormatHarness.of("vpcflow", Map.of("fields", List.of("start", "srcaddr", "x-custom")));

        var result = parseText(format, ("start srcaddr dstaddr\n1600000000 10.0.0.1 hello\n"));

        assertThat(result.rejections()).isEmpty();
        assertThat(result.records()).singleElement().satisfies(record -> {
            assertThat(record.fields()).containsOnly(Map.entry("start", 1600000000L), Map.entry("srcaddr", "10.0.0.1"), Map.entry("x-custom", "hello"));
            assertThat(record.position()).isEqualTo(Position.ofLine(2));
        });
    }

    @Test
    void unknownHeaderNamesAreKeptAsGiven() {
        var result = parseText(DEFAULT, ("start srcaddr future-field\n1600000000 10.0.0.1 abc\n"));

        assertThat(result.records()).singleElement()
                .satisfies(record -> assertThat(record.fields()).containsEntry("future-field", "abc"));
    }

    @Test
    void rowsWithoutAStartAreRejectedNotStampedWithAnInventedTime() {
        var result = parseText(DEFAULT, (
                "version srcaddr start\n2 10.0.0.1 -\n2 10.0.0.1 soon\n"));

        assertThat(result.records()).isEmpty();
        assertThat(result.rejections()).extracting(rejection -> rejection.reason()).containsExactly(
                "no timestamp: field 'start' is '-'; expected epoch seconds",
                "field 'start' (column 3) should be a whole number or '-', found 'soon'");
        assertThat(result.rejections()).extracting(r -> r.position().line() + ": " + r.code()).containsExactly(
                "2: MISSING_TIMESTAMP", "3: BAD_FIELD_VALUE");
    }

    @Test
    void layoutWithoutAStartColumnTakesTheObjectsModificationTime() {
        var result = parse(DEFAULT, "/samples/awsdocs_custom-nat-gateway-no-version.log");

        assertThat(result.rejections()).isEmpty();
        assertThat(result.records()).hasSize(6).allSatisfy(r -> assertThat(r.timestamp()).isEqualTo(FormatHarness.OBJECT_TIME));
        assertThat(result.records().get(0).fields()).containsEntry("srcaddr", "10.0.1.5").doesNotContainKey("instance-id");
    }

    @Test
    void layoutWithoutAStartColumnAndNoModificationTimeRejectsEveryRowSayingWhy() {
        var result = DEFAULT.parse("file:/test/nat.log", Samples.read("/samples/awsdocs_custom-nat-gateway-no-version.log"),
                java.util.Optional.empty());

        assertThat(result.records()).isEmpty();
        assertThat(result.rejections()).hasSize(6).first().satisfies(rejection -> assertThat(rejection.reason())
                .isEqualTo("no timestamp: the field order in the header at line 1 has no 'start' column and the object's "
                        + "modification time is unknown; include start in the flow log format"));
    }

    @Test
    void emptyInputGivesNothing() {
        var result = parseText(DEFAULT, (""));

        assertThat(result.records()).isEmpty();
        assertThat(result.rejections()).isEmpty();
    }

    @Test
    void repeatedNameInFieldsOptionIsAUserError() {
        assertThatThrownBy(() -> FormatHarness.of("vpcflow", Map.of("fields", List.of("start", "start"))))
                .isInstanceOfSatisfying(MinervaException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.USER_INPUT))
                .hasMessage("Option 'fields' of format 'vpcflow' lists 'start' twice; each column needs its own name");
    }
}
