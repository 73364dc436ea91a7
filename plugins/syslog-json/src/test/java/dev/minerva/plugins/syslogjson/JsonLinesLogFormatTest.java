package dev.minerva.plugins.syslogjson;

import dev.minerva.testkit.Samples;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.minerva.spi.ErrorKind;
import dev.minerva.spi.MinervaException;
import dev.minerva.spi.Position;
import dev.minerva.testkit.FormatHarness;
import dev.minerva.testkit.ParsedObject;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonLinesLogFormatTest {
    private static final Map<String, String> OTRF = Map.of("timestamp-field", "TimeGenerated");
    private static final Map<String, String> JOURNALD = Map.of("timestamp-field", "__REALTIME_TIMESTAMP", "timestamp-format", "epoch-micros");

    private static ParsedObject parse(Map<String, String> options, String resource) {
        return FormatHarness.of("syslog-json", options).parse("file:" + resource, Samples.read(resource));
    }

    private static ParsedObject parseText(Map<String, String> options, String text) {
        return FormatHarness.of("syslog-json", options).parse("file:/test/app.jsonl", Samples.utf8(text));
    }

    private static Instant timestampOf(Map<String, String> options, String line) {
        ParsedObject parsed = parseText(options, line);
        assertThat(parsed.rejections()).as("rejections of %s", line).isEmpty();
        return parsed.records().get(0).timestamp();
    }

    @Test
    void otrfSyslogSamplesParseWithoutRejectionsUsingTimeGenerated() {
        ParsedObject auditd = parse(OTRF, "/samples/otrf_syslog_auoms_auditd_log4shell_2022-05-11181020.jsonl");
        ParsedObject sysmon = parse(OTRF, "/samples/otrf_syslog_sysmon-for-linux_log4shell_2022-05-11181020.jsonl");

        assertThat(auditd.rejections()).isEmpty();
        assertThat(auditd.records()).hasSize(50);
        assertThat(sysmon.rejections()).isEmpty();
        assertThat(sysmon.records()).hasSize(93);
        assertThat(auditd.records().get(0).timestamp()).isEqualTo(Instant.parse("2022-05-11T18:10:21.997Z"));
        assertThat(auditd.records().get(0).tag()).isEqualTo("syslog");
        assertThat(sysmon.records().get(0).fields().get("SyslogMessage")).asString().startsWith("<Event>");
    }

    @Test
    void journaldMicrosecondStringsAndByteArrayMessagesParse() {
        ParsedObject parsed = parse(JOURNALD, "/fixtures/elastic-beats_journalctl-json.jsonl");

        assertThat(parsed.rejections()).isEmpty();
        assertThat(parsed.records()).hasSize(2);
        assertThat(parsed.records().get(1).fields().get("MESSAGE")).asList().startsWith(85L, 110L, 97L);
    }

    @Test
    void dockerNanosecondTimesKeepEveryDigit() {
        ParsedObject parsed = parse(Map.of(), "/fixtures/fluent-bit_docker-json-file_k8s-fixtures.jsonl");

        assertThat(parsed.rejections()).isEmpty();
        assertThat(parsed.records()).hasSize(12);
        assertThat(parsed.records().get(0).timestamp()).isEqualTo(Instant.parse("2018-02-21T17:26:53.360920913Z"));
    }

    @ParameterizedTest
    @CsvSource({
            "2024-05-06T07:08:09Z, 2024-05-06T07:08:09Z",
            "2024-05-06T07:08:09.1Z, 2024-05-06T07:08:09.100Z",
            "2024-05-06T07:08:09.123456789Z, 2024-05-06T07:08:09.123456789Z",
            "2024-05-06T07:08:09+02:00, 2024-05-06T05:08:09Z",
            "2024-05-06T07:08:09.5-0130, 2024-05-06T08:38:09.500Z",
            "2024-05-06 07:08:09, 2024-05-06T07:08:09Z",
            "2024-05-06t07:08:09z, 2024-05-06T07:08:09Z",
            "2024-05-06T07:08, 2024-05-06T07:08:00Z",
    })
    void iso8601AcceptsOffsetsFractionsAndSpaces(String written, String expected) {
        assertThat(timestampOf(Map.of(), "{\"time\":\"" + written + "\"}")).isEqualTo(Instant.parse(expected));
    }

    @Test
    void zoneLessTimesUseTheConfiguredTimezone() {
        Map<String, String> berlin = Map.of("timezone", "Europe/Berlin");

        assertThat(timestampOf(berlin, "{\"time\":\"2024-01-15 12:00:00\"}")).isEqualTo(Instant.parse("2024-01-15T11:00:00Z"));
        assertThat(timestampOf(berlin, "{\"time\":\"2024-07-15T12:00:00Z\"}")).isEqualTo(Instant.parse("2024-07-15T12:00:00Z"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "epoch-seconds | 1714979289 | 2024-05-06T07:08:09Z",
            "epoch-seconds | \"1714979289.25\" | 2024-05-06T07:08:09.250Z",
            "epoch-seconds | 1714979289.123456789 | 2024-05-06T07:08:09.123456789Z",
            "epoch-millis | 1714979289123 | 2024-05-06T07:08:09.123Z",
            "epoch-millis | \"1714979289123\" | 2024-05-06T07:08:09.123Z",
            "epoch-micros | \"1714979289123456\" | 2024-05-06T07:08:09.123456Z",
            "epoch-nanos | 1714979289123456789 | 2024-05-06T07:08:09.123456789Z",
    })
    void epochUnitsAcceptNumbersAndDigitStrings(String format, String written, String expected) {
        assertThat(timestampOf(Map.of("timestamp-format", format), "{\"time\":" + written + "}")).isEqualTo(Instant.parse(expected));
    }

    @Test
    void patternFormatReadsItsOwnLayout() {
        Map<String, String> options = Map.of("timestamp-format", "dd/MMM/yyyy:HH:mm:ss Z", "timestamp-field", "req.when");

        assertThat(timestampOf(options, "{\"req\":{\"when\":\"06/May/2024:07:08:09 +0200\"}}"))
                .isEqualTo(Instant.parse("2024-05-06T05:08:09Z"));
    }

    @Test
    void dottedKeyIsMatchedWholeBeforeThePathIsSplit() {
        assertThat(timestampOf(Map.of("timestamp-field", "event.time"), "{\"event.time\":\"2024-05-06T07:08:09Z\"}"))
                .isEqualTo(Instant.parse("2024-05-06T07:08:09Z"));
    }

    @Test
    void malformedLinesAreRejectedWithLineNumberAndReasonWhileTheRestParses() {
        ParsedObject parsed = parse(Map.of(), "/fixtures/malformed-lines.jsonl");

        assertThat(parsed.records()).extracting(r -> r.position()).containsExactly(
                Position.ofLine(1), Position.ofLine(2), Position.ofLine(9));
        assertThat(parsed.rejections()).extracting(r -> r.position().line() + ": " + r.reason()).containsExactly(
                "4: invalid JSON at column 49: Unexpected end-of-input: expected close marker for Object (start marker at line 1, column 1)",
                "5: expected a JSON object, found an array",
                "6: no timestamp: field 'time' is missing",
                "7: no timestamp: field 'time' has the string 'yesterday', which is not iso-8601 such as 2024-05-06T07:08:09.123Z",
                "8: no timestamp: field 'time' has null, which is not iso-8601 such as 2024-05-06T07:08:09.123Z");
        assertThat(parsed.rejections()).extracting(r -> r.position().line() + ": " + r.code()).containsExactly(
                "4: NOT_JSON", "5: WRONG_JSON_TYPE", "6: MISSING_TIMESTAMP", "7: BAD_TIMESTAMP", "8: MISSING_TIMESTAMP");
        assertThat(parsed.skips()).isEmpty();
    }

    @Test
    void numbersStayExactAndNestedValuesKeepTheirShape() {
        ParsedObject parsed = parse(Map.of(), "/fixtures/malformed-lines.jsonl");

        assertThat(parsed.records().get(1).fields().get("nested")).isEqualTo(
                Map.of("a", java.util.Arrays.asList(1L, new BigDecimal("2.50"), null, true)));
        assertThat(parsed.records().get(2).fields()).containsEntry("big", new java.math.BigInteger("123456789012345678901234567890"))
                .containsEntry("exact", new BigDecimal("0.1000000000000000055511151231257827"));
        assertThat(parsed.records().get(0).fields()).containsEntry("src", "2001:db8::1");
    }

    @Test
    void misspeltTimestampFormatIsAUserErrorListingTheChoices() {
        assertThatThrownBy(() -> FormatHarness.of("syslog-json", Map.of("timestamp-format", "epoch-milis")))
                .isInstanceOfSatisfying(MinervaException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.USER_INPUT))
                .hasMessage("Option 'timestamp-format' of format 'syslog-json' is 'epoch-milis', which is not a known timestamp format; "
                        + "expected one of iso-8601, epoch-seconds, epoch-millis, epoch-micros, epoch-nanos, "
                        + "or a java.time pattern such as 'yyyy-MM-dd HH:mm:ss.SSS'");
    }

    @Test
    void invalidPatternIsAUserErrorNamingTheOption() {
        assertThatThrownBy(() -> FormatHarness.of("syslog-json", Map.of("timestamp-format", "yyyy-MM-dd bb")))
                .isInstanceOf(MinervaException.class)
                .hasMessageStartingWith("Option 'timestamp-format' of format 'syslog-json' has the pattern 'yyyy-MM-dd bb', which java.time rejects (");
    }

    @Test
    void patternWithoutADateIsAUserError() {
        assertThatThrownBy(() -> FormatHarness.of("syslog-json", Map.of("timestamp-format", "HH:mm:ss")))
                .isInstanceOf(MinervaException.class)
                .hasMessageContaining("'HH:mm:ss', which does not give a full date (it reads '07:08:09' for 2024-05-06T07:08:09)");
    }

    @Test
    void unknownTimezoneIsAUserErrorNamingTheOption() {
        assertThatThrownBy(() -> FormatHarness.of("syslog-json", Map.of("timezone", "Mars/Olympus")))
                .isInstanceOfSatisfying(MinervaException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.USER_INPUT))
                .hasMessageStartingWith("Option 'timezone' of format 'syslog-json' is 'Mars/Olympus', which is not a time zone (")
                .hasMessageEndingWith("use a region such as 'Europe/Berlin', 'UTC' or an offset such as '+02:00'");
    }
}
