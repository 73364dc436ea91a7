package dev.minerva.plugins.vpcflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.minerva.spi.ErrorKind;
import dev.minerva.spi.LogFormat;
import dev.minerva.spi.MinervaException;
import dev.minerva.spi.Position;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VpcFlowLogFormatTest {
    private static final LogFormat DEFAULT = new VpcFlowLogFormatFactory().create(new FakeOptions(Map.of()));

    private static FakeInput.Collected parse(LogFormat format, FakeInput input) throws IOException {
        FakeInput.Collected sink = new FakeInput.Collected();
        format.parse(input, sink);
        return sink;
    }

    @ParameterizedTest
    @CsvSource({
            "awsdocs_v2-default.log, 7",
            "awsdocs_v3-custom-tcp-flags.log, 8",
            "awsdocs_v5-custom-traffic-path.log, 2",
            "flowlogs-reader_v2-default.log, 5",
            "flowlogs-reader_v3-custom.log, 2",
            "flowlogs-reader_v4-custom.log, 2",
            "grafana-loki_vpcflowlog_v2-default.log, 3",
    })
    void everyRowOfAValidSampleIsARecord(String sample, int rows) throws IOException {
        FakeInput.Collected result = parse(DEFAULT, FakeInput.resource("/vpcflow/" + sample));

        assertThat(result.rejections).isEmpty();
        assertThat(result.skips).isEmpty();
        assertThat(result.records).hasSize(rows);
    }

    @Test
    void headerDecidesFieldOrderAndNumbersBecomeLongs() throws IOException {
        var record = parse(DEFAULT, FakeInput.resource("/vpcflow/flowlogs-reader_v3-custom.log")).records.get(0);

        assertThat(record.fields()).containsEntry("version", 3L)
                .containsEntry("account-id", "000000000000")
                .containsEntry("srcaddr", "172.18.160.68")
                .containsEntry("pkt-srcaddr", "192.168.0.1")
                .containsEntry("srcport", 443L)
                .containsEntry("tcp-flags", 19L)
                .containsEntry("bytes", 6392L);
        assertThat(record.timestamp()).isEqualTo(Instant.ofEpochSecond(1568300367));
        assertThat(record.position()).isEqualTo(Position.ofLine(2));
        assertThat(record.tag()).isEqualTo("test");
    }

    @Test
    void noDataAndSkipDataRowsAreRecordsWithoutAddresses() throws IOException {
        var records = parse(DEFAULT, FakeInput.resource("/vpcflow/awsdocs_v2-default.log")).records;

        assertThat(records.get(2).fields()).containsEntry("log-status", "NODATA")
                .doesNotContainKeys("srcaddr", "dstaddr", "srcport", "action", "packets");
        assertThat(records.get(3).fields()).containsEntry("log-status", "SKIPDATA")
                .containsEntry("interface-id", "eni-11111111aaaaaaaaa");
    }

    @Test
    void ipv6AddressesStayIntact() throws IOException {
        var record = parse(DEFAULT, FakeInput.resource("/vpcflow/awsdocs_v2-default.log")).records.get(6);

        assertThat(record.fields()).containsEntry("srcaddr", "2001:db8:1234:a100:8d6e:3477:df66:f105")
                .containsEntry("dstaddr", "2001:db8:1234:a102:3304:8879:34cf:4071");
    }

    @Test
    void doubledSpaceBetweenFieldsDoesNotShiftColumns() throws IOException {
        var records = parse(DEFAULT, FakeInput.resource("/vpcflow/awsdocs_v3-custom-tcp-flags.log")).records;

        assertThat(records.get(7).fields()).containsEntry("dstport", 43638L)
                .containsEntry("pkt-srcaddr", "10.0.0.62")
                .containsEntry("tcp-flags", 19L);
    }

    @Test
    void bogusLineIsRejectedWithItsNumberWhileTheOthersParse() throws IOException {
        var result = parse(DEFAULT, FakeInput.resource("/vpcflow/flowlogs-reader_v5-custom-with-bogus-line.log"));

        assertThat(result.records).hasSize(2);
        assertThat(result.records.get(0).fields()).containsEntry("flow-direction", "ingress")
                .containsEntry("pkt-src-aws-service", "S3")
                .doesNotContainKey("traffic-path");
        assertThat(result.records.get(1).fields()).containsEntry("traffic-path", 7L);
        assertThat(result.rejections).singleElement().satisfies(rejection -> {
            assertThat(rejection.position()).isEqualTo(Position.ofLine(4));
            assertThat(rejection.reason()).isEqualTo("expected 29 fields in the header at line 1, found 2");
            assertThat(rejection.excerpt()).isEqualTo("bogus line");
        });
    }

    @Test
    void fileWithoutHeaderUsesTheDefaultVersion2Order() throws IOException {
        var result = parse(DEFAULT, FakeInput.of(
                "2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK\n"
                        + "2 123456789010 eni-1235b8ca123456789 172.31.16.139\n"));

        assertThat(result.records).singleElement().satisfies(record -> {
            assertThat(record.fields()).containsEntry("dstport", 22L).containsEntry("action", "ACCEPT");
            assertThat(record.position()).isEqualTo(Position.ofLine(1));
        });
        assertThat(result.rejections).singleElement().satisfies(rejection -> assertThat(rejection.reason())
                .isEqualTo("expected 14 fields in the default version 2 format (the file has no header line), found 4"));
    }

    @Test
    void fieldsOptionOverridesTheHeaderAndKeepsUnknownNames() throws IOException {
        LogFormat format = new VpcFlowLogFormatFactory().create(new FakeOptions(Map.of("fields",
                List.of("start", "srcaddr", "x-custom"))));

        var result = parse(format, FakeInput.of("start srcaddr dstaddr\n1600000000 10.0.0.1 hello\n"));

        assertThat(result.rejections).isEmpty();
        assertThat(result.records).singleElement().satisfies(record -> {
            assertThat(record.fields()).containsOnly(Map.entry("start", 1600000000L), Map.entry("srcaddr", "10.0.0.1"), Map.entry("x-custom", "hello"));
            assertThat(record.position()).isEqualTo(Position.ofLine(2));
        });
    }

    @Test
    void unknownHeaderNamesAreKeptAsGiven() throws IOException {
        var result = parse(DEFAULT, FakeInput.of("start srcaddr future-field\n1600000000 10.0.0.1 abc\n"));

        assertThat(result.records).singleElement()
                .satisfies(record -> assertThat(record.fields()).containsEntry("future-field", "abc"));
    }

    @Test
    void rowsWithoutAStartAreRejectedNotStampedWithAnInventedTime() throws IOException {
        var result = parse(DEFAULT, FakeInput.of(
                "version srcaddr start\n2 10.0.0.1 -\n2 10.0.0.1 soon\n"));

        assertThat(result.records).isEmpty();
        assertThat(result.rejections).extracting(rejection -> rejection.reason()).containsExactly(
                "no timestamp: field 'start' is '-'; expected epoch seconds",
                "field 'start' (column 3) should be a whole number or '-', found 'soon'");
    }

    @Test
    void layoutWithoutAStartColumnRejectsEveryRowSayingWhy() throws IOException {
        var result = parse(DEFAULT, FakeInput.resource("/vpcflow/awsdocs_custom-nat-gateway-no-version.log"));

        assertThat(result.records).isEmpty();
        assertThat(result.rejections).hasSize(6).first().satisfies(rejection -> assertThat(rejection.reason())
                .isEqualTo("no timestamp: the field order in the header at line 1 has no 'start' column; "
                        + "include start in the flow log format or set option 'fields'"));
    }

    @Test
    void emptyInputGivesNothing() throws IOException {
        var result = parse(DEFAULT, FakeInput.of(""));

        assertThat(result.records).isEmpty();
        assertThat(result.rejections).isEmpty();
    }

    @Test
    void repeatedNameInFieldsOptionIsAUserError() {
        assertThatThrownBy(() -> new VpcFlowLogFormatFactory().create(new FakeOptions(Map.of("fields", List.of("start", "start")))))
                .isInstanceOfSatisfying(MinervaException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.USER_INPUT))
                .hasMessage("Option 'fields' of format 'vpcflow' lists 'start' twice; each column needs its own name");
    }
}
