package dev.minerva.plugins.cloudfront;

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

class CloudFrontLogFormatTest {
    private static final FormatHarness CLOUDFRONT = FormatHarness.of("cloudfront", Map.of());

    private static ParsedObject parse(String resource) {
        return CLOUDFRONT.parse("file:" + resource, Samples.read(resource));
    }

    private static LogRecord record(String resource, int line) {
        return parse(resource).records().stream().filter(r -> r.position().line() == line).findFirst().orElseThrow();
    }

    @Test
    void headersAreNotRecordsAndDatePlusTimeIsTheTimestamp() {
        ParsedObject result = parse("/fixtures/standard-33-fields.log");

        assertThat(result.records()).hasSize(5);
        assertThat(result.rejections()).isEmpty();
        LogRecord first = result.records().get(0);
        assertThat(first.position()).isEqualTo(Position.ofLine(3));
        assertThat(first.timestamp()).isEqualTo(Instant.parse("2019-12-04T21:02:31Z"));
        assertThat(first.tag()).isEqualTo("aws.cloudfront");
        assertThat(first.fields()).containsEntry("c-ip", "192.0.2.1").containsEntry("sc-status", 200L)
                .containsEntry("time-taken", new BigDecimal("0.001")).containsEntry("x-edge-result-type", "Hit")
                .doesNotContainKeys("cs(Referer)", "cs-uri-query", "cs(Cookie)", "x-forwarded-for", "fle-status");
    }

    @Test
    void urlEncodedValuesAreDecodedForSearch() {
        LogRecord record = record("/fixtures/standard-33-fields.log", 5);

        assertThat(record.fields()).containsEntry("cs-uri-stem", "/images/logo large.png")
                .containsEntry("cs(Referer)", "https://www.example.com/about?lang=en")
                .containsEntry("cs(User-Agent)", "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15) \"quoted\" agent")
                .containsEntry("cs-uri-query", "size=large&v=2+1")
                .containsEntry("cs(Cookie)", "session-id=abc123; theme=dark")
                .containsEntry("x-forwarded-for", "203.0.113.50, 192.0.2.1");
    }

    @Test
    void ipv6ClientsAndPartialResponsesAreRead() {
        assertThat(record("/fixtures/standard-33-fields.log", 6).fields()).containsEntry("c-ip", "2001:db8:4538:1::f215")
                .containsEntry("cs-uri-query", "id=1' OR '1'='1").containsEntry("sc-status", 403L);
        assertThat(record("/fixtures/standard-33-fields.log", 7).fields()).containsEntry("sc-range-start", 0L)
                .containsEntry("sc-range-end", 4095L).containsEntry("sc-status", 206L);
    }

    @Test
    void theFieldsHeaderDecidesOrderAndCount() {
        ParsedObject result = parse("/fixtures/older-26-fields-reordered.log");

        assertThat(result.rejections()).isEmpty();
        assertThat(result.records()).hasSize(2).first().satisfies(record -> {
            assertThat(record.timestamp()).isEqualTo(Instant.parse("2018-05-17T09:12:44Z"));
            assertThat(record.fields()).containsEntry("date", "2018-05-17").containsEntry("time", "09:12:44")
                    .containsEntry("sc-status", 304L).doesNotContainKeys("c-port", "sc-content-type");
        });
    }

    @Test
    void withoutAHeaderTheDocumentedOrderAppliesAndLaterFieldsAreKept() {
        LogRecord record = record("/fixtures/edge-cases-no-header.log", 1);

        assertThat(record.fields()).containsEntry("c-ip", "192.0.2.44").containsEntry("sc-content-type", "text/html")
                .containsEntry("additional_fields", List.of("future-value 1"));
    }

    @Test
    void brokenPercentEncodingIsKeptAsWrittenAndUtf8IsDecoded() {
        assertThat(record("/fixtures/edge-cases-no-header.log", 6).fields()).containsEntry("cs-uri-stem", "/€/100%")
                .containsEntry("cs-uri-query", "q=%ZZ");
    }

    @Test
    void brokenLinesAreRejectedWithTheirNumberAndReason() {
        List<Rejection> rejections = parse("/fixtures/edge-cases-no-header.log").rejections();

        assertThat(rejections).extracting(Rejection::position).containsExactly(Position.ofLine(2), Position.ofLine(3),
                Position.ofLine(4), Position.ofLine(5));
        assertThat(rejections).extracting(r -> r.code().name()).containsExactly("WRONG_FIELD_COUNT", "BAD_FIELD_VALUE", "BAD_TIMESTAMP", "WRONG_FIELD_COUNT");
        assertThat(rejections).allSatisfy(r -> assertThat(r.kind()).isEqualTo(ErrorKind.USER_INPUT));
        assertThat(rejections).extracting(Rejection::reason).containsExactly(
                "expected 33 tab-separated fields as named in the default order (the file has no #Fields header), found 6",
                "field 'sc-bytes' (column 4) should be a whole number or '-', found 'many'",
                "no valid timestamp: fields 'date' and 'time' should be like 2019-12-04 and 21:02:31, found '04/Dec/2019' and "
                        + "'22:00:03' (fields named in the default order (the file has no #Fields header))",
                "expected 33 tab-separated fields as named in the default order (the file has no #Fields header), found 1");
    }

    @Test
    void aFieldsHeaderNamingAFieldTwiceIsRejectedAndTheOrderBeforeItStays() {
        String text = "#Fields: date time date\n2019-12-04\t21:02:31\tLAX1\t1\t192.0.2.9\tGET\n";
        ParsedObject result = CLOUDFRONT.parse("file:/test/twice.log", Samples.utf8(text));

        assertThat(result.rejections()).extracting(Rejection::reason).containsExactly(
                "the #Fields header names 'date' twice, so fields cannot be told apart; the previous field order stays in use",
                "expected 33 tab-separated fields as named in the default order (the file has no #Fields header), found 6");
    }
}
