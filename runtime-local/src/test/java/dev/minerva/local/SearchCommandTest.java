package dev.minerva.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Searches over the bundled real samples with exact expected counts. The counts were checked against an
 * independent reading of the raw files (records whose values hold the term as a whole word).
 */
class SearchCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SAMPLES = IndexCommandTest.SAMPLES;

    @TempDir
    static Path temp;

    private static String warehouse;

    @BeforeAll
    static void indexTheSamples() {
        warehouse = temp.resolve("wh").toString();
        CliRun run = CliRun.of("index", "--warehouse", warehouse, "--config", SAMPLES.resolve("minerva.yaml").toString(),
                SAMPLES.resolve("logs").toString());
        assertThat(run.status()).as(run.err()).isZero();
    }

    @Test
    void anIpIsFoundInEveryFormatItAppearsIn() throws IOException {
        CliRun run = search("--output", "json", "192.0.2.1");
        assertThat(run.status()).as(run.err()).isZero();
        List<JsonNode> hits = lines(run.out());
        assertThat(hits).extracting(h -> h.get("tag").asText()).containsExactly("aws.guardduty", "aws.guardduty", "aws.cloudfront",
                "aws.cloudfront", "aws.cloudfront", "aws.cloudtrail", "aws.vpcflow", "aws.vpcflow", "aws.vpcflow");
        assertThat(hits.get(0).get("log").at("/service/action/awsApiCallAction/remoteIpDetails/ipAddressV4").asText())
                .isEqualTo("192.0.2.1");
        assertThat(hits.get(2).get("log").get("x-forwarded-for").asText()).isEqualTo("203.0.113.50, 192.0.2.1");
        assertThat(hits.get(3).get("log").get("c-ip").asText()).isEqualTo("192.0.2.1");
        assertThat(hits.get(5).get("timestamp").asText()).isEqualTo("2016-11-14T17:25:45Z");
        assertThat(hits.get(5).get("log").get("sourceIPAddress").asText()).isEqualTo("192.0.2.1");
        assertThat(hits.get(6).get("log").get("srcaddr").asText()).isEqualTo("192.0.2.1");
        assertThat(hits.get(6).get("log").get("dstport").isNumber()).isTrue();
        assertThat(run.err()).contains("9 hits", "aws.cloudfront 3, aws.cloudtrail 1, aws.guardduty 2, aws.vpcflow 3", "Searched in",
                "row groups");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "10.0.0.1                                       | 4",
        "tag:aws.alb target_ip:10.0.0.1                 | 2",
        "203.0.113.9                                    | 3",
        "2001:db8:4538:1::f215                          | 2",
        "remote_ip:192.0.2.3                            | 5",
        "httpRequest.clientIp:3.3.3.3                   | 2",
        "query_name:15.3.4.32.in-addr.arpa              | 1",
        "insightDetails.insightType:ApiErrorRateInsight | 2",
    })
    void theNewFormatsAreSearchableByAddressAndByField(String query, long expected) {
        CliRun run = search("--limit", "1", query);
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.err()).startsWith(expected + " hit");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "srcaddr:192.0.2.1                              | 2",
        "\"Background saving terminated\"               | 1",
        "AccessDenied OR Client.UnauthorizedOperation   | 42",
        "ConsoleLogin NOT Success                       | 4",
        "ConsoleLogin -Success                          | 4",
        "eventName:ConsoleLogin                         | 10",
        "tag:aws.vpcflow REJECT                         | 3",
        "userIdentity.type:Root                         | 5",
        "ec2.amazonaws.com                              | 130",
        "(AccessDenied OR Root) tag:aws.cloudtrail      | 12",
    })
    void queriesFindExactlyTheRecordsThatMatch(String query, long expected) {
        CliRun run = search("--limit", "1", query);
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.err()).startsWith(expected + " hit");
    }

    @Test
    void sqlLookingQueryIsTreatedAsText() {
        CliRun run = search("x'; DROP TABLE terms; -- OR 1=1 \"quoted\" ; SELECT * FROM messages");
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.err()).startsWith("0 hits");
        assertThat(search("192.0.2.1").err()).as("the warehouse is intact").startsWith("9 hits");
    }

    @Test
    void syntaxErrorNamesTheColumn() {
        CliRun run = search("(alice OR bob");
        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).contains("column").endsWith(" [QUERY_SYNTAX]\n").doesNotContain("\tat ");
    }

    @Test
    void reindexingGivesIdenticalResults() {
        CliRun before = search("--output", "json", "--limit", "500", "ec2.amazonaws.com OR 192.0.2.1");
        CliRun reindex = CliRun.of("index", "--force", "--warehouse", warehouse, "--config", SAMPLES.resolve("minerva.yaml").toString(),
                SAMPLES.resolve("logs").toString());
        assertThat(reindex.out()).contains("Indexed 44 of 44 objects");
        CliRun after = search("--output", "json", "--limit", "500", "ec2.amazonaws.com OR 192.0.2.1");
        assertThat(after.out()).isEqualTo(before.out());
        assertThat(after.out().lines().count()).isEqualTo(138);
    }

    @Test
    void compactionNeverShowsDuplicatesOrGaps() {
        String compacted = temp.resolve("compacted-wh").toString();
        CliRun.of("index", "--warehouse", compacted, "--config", SAMPLES.resolve("minerva.yaml").toString(), SAMPLES.resolve("logs").toString());
        String[] query = {"search", "--warehouse", compacted, "--from", "2010-01-01", "--output", "json", "--limit", "1000", "ec2.amazonaws.com OR 192.0.2.1 OR REJECT"};
        CliRun before = CliRun.of(query);
        // 130 + 9 + 3, less the REJECT flow and the GuardDuty finding that also hold 192.0.2.1
        assertThat(before.out().lines().count()).isEqualTo(140);

        CliRun merge = CliRun.of("compact", "--warehouse", compacted, "--lag", "0");
        assertThat(merge.out()).contains("files published").doesNotContain(" 0 files published");
        assertThat(CliRun.of(query).out()).as("small and merged files side by side").isEqualTo(before.out());

        CliRun cleanUp = CliRun.of("compact", "--warehouse", compacted, "--lag", "0", "--grace", "0");
        assertThat(cleanUp.out()).doesNotContain(" 0 replaced files deleted");
        assertThat(CliRun.of(query).out()).as("after the small files are gone").isEqualTo(before.out());
    }

    @Test
    void truncatedGzipAndABadLineAreCountedWhileEverythingElseIsSearchable() throws IOException {
        Path logs = Files.createDirectories(temp.resolve("damaged"));
        StringBuilder flows = new StringBuilder("version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status\n");
        for (int i = 0; i < 5000; i++) {
            flows.append("2 123456789010 eni-1 10.1.").append(i / 250).append('.').append(i % 250)
                    .append(" 10.9.9.9 443 ").append(1024 + i).append(" 6 10 840 ").append(1600000000 + i).append(' ').append(1600000060 + i)
                    .append(" ACCEPT OK\n");
        }
        byte[] gzip = gzip(flows.toString());
        Files.write(logs.resolve("truncated.log.gz"), Arrays.copyOf(gzip, gzip.length / 2));
        Files.writeString(logs.resolve("bad-line.log"), "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status\n"
                + "2 123456789010 eni-2 172.16.0.1 10.9.9.9 443 50000 6 1 40 1600000000 1600000060 ACCEPT OK\n"
                + "this is not a flow record\n"
                + "2 123456789010 eni-2 172.16.0.2 10.9.9.9 443 50001 6 1 40 1600000000 1600000060 REJECT OK\n");
        String damagedWarehouse = temp.resolve("damaged-wh").toString();
        CliRun index = CliRun.of("index", "--warehouse", damagedWarehouse, "--format", "vpcflow", logs.toString());
        assertThat(index.status()).as(index.err()).isZero();
        assertThat(index.out()).contains("Indexed 2 of 2 objects", " 2 rejections");
        long indexed = Long.parseLong(index.out().replaceAll("(?s).*: (\\d+) records.*", "$1"));
        assertThat(indexed).isBetween(1000L, 4999L + 2);

        assertThat(CliRun.of("search", "--warehouse", damagedWarehouse, "--limit", "1", "10.1.0.0").err()).startsWith("1 hit");
        assertThat(CliRun.of("search", "--warehouse", damagedWarehouse, "--limit", "1", "172.16.0.2").err()).startsWith("1 hit");
        assertThat(CliRun.of("search", "--warehouse", damagedWarehouse, "--limit", "1", "10.9.9.9").err()).startsWith(indexed + " hits");
    }

    private static CliRun search(String... args) {
        List<String> all = new ArrayList<>(List.of("search", "--warehouse", warehouse, "--from", "2010-01-01"));
        all.addAll(List.of(args));
        return CliRun.of(all.toArray(String[]::new));
    }

    private static List<JsonNode> lines(String out) throws IOException {
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : out.lines().toList()) {
            nodes.add(JSON.readTree(line));
        }
        return nodes;
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }
}
