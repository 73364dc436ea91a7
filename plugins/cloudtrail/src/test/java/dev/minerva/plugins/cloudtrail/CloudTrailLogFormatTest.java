package dev.minerva.plugins.cloudtrail;

import dev.minerva.testkit.Samples;
import static org.assertj.core.api.Assertions.assertThat;

import dev.minerva.spi.Position;
import dev.minerva.testkit.FormatHarness;
import dev.minerva.testkit.ParsedObject;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CloudTrailLogFormatTest {
    private static final FormatHarness CLOUDTRAIL = FormatHarness.of("cloudtrail", Map.of());

    private static ParsedObject parse(String resource) {
        return CLOUDTRAIL.parse("file:" + resource, Samples.read(resource));
    }

    private static ParsedObject parseText(String text) {
        return CLOUDTRAIL.parse("file:/test/trail.json", Samples.utf8(text));
    }

    /** Every shared sample: how many records, rejections and skips it yields (the report's table). */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "/fixtures/grafana-loki_cloudtrail-log-file.json, 2, 0, 0",
            "/samples/grafana-loki_cloudtrail-log-file.json.gz, 2, 0, 0",
            "/fixtures/awsdocs_insights_Records.json, 2, 0, 0",
            "/fixtures/written_insights-api-error-rate_Records.json, 2, 0, 0",
            "/samples/awsdocs_insights_Records.json.gz, 2, 0, 0",
            "/fixtures/stratus-red-team_aws.initial-access.console-login-without-mfa.array.json, 1, 0, 0",
            "/fixtures/digest-empty.json, 0, 0, 1",
            "/fixtures/malformed-events.records.jsonl, 2, 4, 0",
            "/samples/awsdocs_examples_Records.json, 27, 0, 0",
            "/samples/awsdocs_examples_Records.json.gz, 27, 0, 0",
            "/samples/otrf_ec2_proxy_s3_exfiltration_2020-09-14011940.records.jsonl, 103, 0, 0",
            "/samples/stratus-red-team_aws.credential-access.ec2-get-password-data.array.json, 34, 0, 0",
            "/samples/stratus-red-team_aws.defense-evasion.organizations-leave.array.json, 3, 0, 0",
            "/samples/stratus-red-team_aws.execution.ec2-launch-unusual-instances.array.json, 3, 0, 0",
            "/samples/stratus-red-team_aws.persistence.iam-create-admin-user.array.json, 3, 0, 0",
            "/samples/stratus-red-team_aws.persistence.iam-create-user-login-profile.array.json, 3, 0, 0",
            "/samples/stratus-red-team_aws.persistence.sts-federation-token.array.json, 2, 0, 0",
            "/samples/trailscraper_111111111111_CloudTrail_eu-central-1_20171211T1505Z_A6kvhMoVeCsc7v8U.json, 2, 0, 0",
            "/samples/trailscraper_111111111111_CloudTrail_eu-central-1_20171211T1505Z_A6kvhMoVeCsc7v8U.json.gz, 2, 0, 0",
            // 8 of its 30 events came from OTRF with both eventTime (moved by Logstash) and @timestamp removed:
            // they carry no time at all, so they are rejected rather than dated 1970.
            "/samples/derived_mixed-real-events_Records.json, 22, 8, 0",
            "/samples/derived_mixed-real-events_Records.json.gz, 22, 8, 0",
            "/samples/digest/awsdocs_111122223333_CloudTrail-Digest_us-east-2_your-trail-name_us-east-2_20150817T150131Z.json, 0, 0, 1",
            "/samples/digest/awsdocs_111122223333_CloudTrail-Digest_us-east-2_your-trail-name_us-east-2_20150817T150131Z.json.gz, 0, 0, 1",
            "/samples/digest/awsdocs_111122223333_CloudTrail-Digest_us-east-2_example-trail-name_us-east-2_20150820T180131Z_empty.json, 0, 0, 1",
    })
    void sampleYieldsItsRecordsRejectionsAndSkips(String sample, int records, int rejections, int skips) {
        ParsedObject result = parse(sample);

        assertThat(result.records()).hasSize(records);
        assertThat(result.rejections()).hasSize(rejections);
        assertThat(result.skips()).hasSize(skips);
    }

    @Test
    void wrapperRecordsKeepNestingNullsAndPositions() {
        ParsedObject result = parse("/samples/trailscraper_111111111111_CloudTrail_eu-central-1_20171211T1505Z_A6kvhMoVeCsc7v8U.json");

        var first = result.records().get(0);
        assertThat(first.fields()).containsKey("requestParameters").containsEntry("requestParameters", null);
        assertThat(first.fields().get("userIdentity")).isInstanceOf(Map.class);
        assertThat(first.position().record()).isEqualTo(1);
        assertThat(result.records().get(1).position().record()).isEqualTo(2);
        assertThat(first.tag()).isEqualTo("aws.cloudtrail");
    }

    @Test
    void insightsEventsWithoutUserIdentityAreRecords() {
        var records = parse("/fixtures/awsdocs_insights_Records.json").records();

        assertThat(records).allSatisfy(r -> assertThat(r.fields()).doesNotContainKey("userIdentity").containsKey("insightDetails"));
        assertThat(records.get(0).timestamp()).isEqualTo(Instant.parse("2019-11-14T00:51:00Z"));
        @SuppressWarnings("unchecked")
        var details = (Map<String, Object>) records.get(0).fields().get("insightDetails");
        assertThat(details.toString()).contains("average=85.4202380952");
    }

    @Test
    void floatsStayExact() {
        ParsedObject result = parseText("{\"Records\":[{\"eventTime\":\"2024-05-06T07:08:09Z\",\"ratio\":0.1000000000000000055511151231257827,\"n\":18446744073709551616}]}");

        assertThat(result.records().get(0).fields()).containsEntry("ratio", new BigDecimal("0.1000000000000000055511151231257827"))
                .containsEntry("n", new java.math.BigInteger("18446744073709551616"));
    }

    @Test
    void logstashShippedEventsUseTheirTimestampCopy() {
        var record = parse("/samples/otrf_ec2_proxy_s3_exfiltration_2020-09-14011940.records.jsonl").records().get(0);

        assertThat(record.timestamp()).isEqualTo(Instant.parse("2020-09-14T00:44:23Z"));
        assertThat(record.position()).isEqualTo(Position.ofLine(1));
    }

    @Test
    void invalidJsonInTheMiddleOfAWrapperKeepsEarlierEventsAndRejectsOnce() {
        ParsedObject result = parseText("{\"Records\":[\n"
                + "{\"eventTime\":\"2024-05-06T07:08:09Z\",\"eventName\":\"A\"},\n"
                + "{\"eventTime\":\"2024-05-06T07:08:10Z\",\"eventName\":\"B\"},\n"
                + "{\"eventTime\":\"2024-05-06T07:08:11Z\",\"eventName\" \"C\"},\n"
                + "{\"eventTime\":\"2024-05-06T07:08:12Z\",\"eventName\":\"D\"}]}\n");

        assertThat(result.records()).extracting(r -> r.fields().get("eventName")).containsExactly("A", "B");
        assertThat(result.records()).extracting(r -> r.position()).containsExactly(new Position(2, 1), new Position(3, 2));
        assertThat(result.rejections()).singleElement().satisfies(rejection -> {
            assertThat(rejection.position()).isEqualTo(new Position(4, 3));
            assertThat(rejection.reason()).startsWith("invalid JSON at line 4, column ")
                    .contains("was expecting a colon")
                    .endsWith("events before this point were kept, the rest of the object cannot be read");
        });
    }

    @Test
    void oversizedEventIsRejectedAndTheNextOneStillParses() {
        String big = "x".repeat(5000);
        String text = "[{\"eventTime\":\"2024-05-06T07:08:09Z\",\"eventName\":\"A\",\"nested\":{\"list\":[\"" + big + "\",{\"deep\":\"" + big
                + "\"}]}},\n{\"eventTime\":\"2024-05-06T07:08:10Z\",\"eventName\":\"B\"}]";
        ParsedObject result = FormatHarness.of("cloudtrail", Map.of(), 1024).parse("file:/test/big.json", Samples.utf8(text));

        assertThat(result.records()).extracting(r -> r.fields().get("eventName")).containsExactly("B");
        assertThat(result.records().get(0).position()).isEqualTo(new Position(2, 2));
        assertThat(result.rejections()).singleElement().satisfies(rejection -> assertThat(rejection.reason())
                .isEqualTo("event is larger than the limit of 1024 bytes; it was skipped without being read into memory"));
    }

    @Test
    void eventWithoutValidEventTimeIsRejectedNamingTheEvent() {
        ParsedObject result = parse("/fixtures/malformed-events.records.jsonl");

        assertThat(result.rejections()).extracting(r -> r.position().line() + ": " + r.reason()).containsExactly(
                "2: invalid JSON at column 85: Unexpected end-of-input within/between Object entries",
                "3: event (eventID 00000000-0000-0000-0000-000000000001, eventName DescribeInstances) has no valid eventTime "
                        + "(missing or null); expected ISO-8601 such as 2024-05-06T07:08:09Z",
                "4: event (eventID 00000000-0000-0000-0000-000000000002, eventName RunInstances) has no valid eventTime "
                        + "('May 6, 2024 7:08:11 AM' is not ISO-8601); expected ISO-8601 such as 2024-05-06T07:08:09Z",
                "5: expected a JSON object for an event, found start array");
        assertThat(result.rejections()).extracting(r -> r.position().line() + ": " + r.code()).containsExactly(
                "2: NOT_JSON", "3: MISSING_TIMESTAMP", "4: BAD_TIMESTAMP", "5: WRONG_JSON_TYPE");
    }

    @Test
    void digestIsRecognisedByNameWithoutReadingIt() {
        ParsedObject result = CLOUDTRAIL.parse("s3://b/AWSLogs/1/CloudTrail-Digest/us-east-1/x.json.gz", Samples.utf8("not even json"));

        assertThat(result.skips()).singleElement().satisfies(skip -> assertThat(skip.reason()).startsWith("CloudTrail digest file"));
        assertThat(result.rejections()).isEmpty();
    }

    @Test
    void objectWithoutRecordsIsRejectedSayingWhatWasExpected() {
        ParsedObject result = parseText("{\n  \"Findings\": []\n}");

        assertThat(result.rejections()).singleElement().satisfies(r -> assertThat(r.reason()).startsWith("JSON object without a \"Records\" array"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void insightsFileAtItsDeliveryPathIsReadLikeATrailFile() {
        var result = CLOUDTRAIL.parse("s3://trail-bucket/AWSLogs/123456789012/CloudTrail-Insight/us-east-1/2024/03/21/"
                        + "123456789012_CloudTrail-Insight_us-east-1_20240321T1625Z_x1y2z3.json.gz",
                Samples.read("/fixtures/written_insights-api-error-rate_Records.json"));

        assertThat(result.skips()).isEmpty();
        assertThat(result.rejections()).isEmpty();
        assertThat(result.records()).hasSize(2);
        var details = (Map<String, Object>) result.records().get(1).fields().get("insightDetails");
        assertThat(details).containsEntry("insightType", "ApiErrorRateInsight").containsEntry("errorCode", "AccessDenied")
                .containsEntry("eventName", "GetObject");
        var attributions = (java.util.List<Map<String, Object>>) ((Map<String, Object>) details.get("insightContext")).get("attributions");
        assertThat(attributions).extracting(a -> a.get("attribute")).containsExactly("userIdentityArn", "userAgent", "errorCode");
        assertThat(result.records().get(1).timestamp()).isEqualTo(Instant.parse("2024-03-21T16:25:00Z"));
    }

    @Test
    void insightsEventWithoutATimeIsRejectedNamingTheApiItIsAbout() {
        var result = parseText("{\"eventType\":\"AwsCloudTrailInsight\",\"eventID\":\"e-1\",\"insightDetails\":"
                + "{\"state\":\"Start\",\"eventSource\":\"ssm.amazonaws.com\",\"eventName\":\"UpdateInstanceInformation\","
                + "\"insightType\":\"ApiCallRateInsight\"}}\n");

        assertThat(result.rejections()).singleElement().satisfies(rejection -> assertThat(rejection.reason()).isEqualTo(
                "event (eventID e-1, insightDetails.insightType ApiCallRateInsight, insightDetails.eventName UpdateInstanceInformation, "
                        + "insightDetails.eventSource ssm.amazonaws.com) has no valid eventTime (missing or null); expected ISO-8601 "
                        + "such as 2024-05-06T07:08:09Z"));
    }
}
