package dev.minerva.core.warehouse;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TermBufferTest {
    private record Row(int hour, String tag, String field, String term, long ts, long seq) {}

    private static final Comparator<Row> FILE_ORDER = Comparator.comparingInt(Row::hour)
            .thenComparing((a, b) -> Arrays.compareUnsigned(a.term().getBytes(UTF_8), b.term().getBytes(UTF_8)))
            .thenComparing((a, b) -> Arrays.compareUnsigned(a.field().getBytes(UTF_8), b.field().getBytes(UTF_8)))
            .thenComparingLong(Row::seq);

    @Test
    void rowsComeOutByHourTermFieldAndSeqWhateverOrderRecordsArriveIn() {
        Random random = new Random(7);
        String[] words = {"alpha", "ALPHA", "arn:aws:iam::1:user/a", "arn:aws:iam::1:user/b", "é", "zz", "10.0.0.1",
                "10.0.0.10", "a", "ab", "abcdefgh", "abcdefghi", "abcdefgh-x"};
        List<Row> rows = new ArrayList<>();
        TermBuffer buffer = new TermBuffer(1_000_000, 1 << 20);
        for (int record = 0; record < 300; record++) {
            // Seqs go back now and then and hours interleave, as in an object whose records are not in time order.
            long seq = record % 50 == 49 ? record - 40 : record;
            int hour = 100 + random.nextInt(3);
            long ts = hour * 3_600_000L + record;
            String tag = record % 2 == 0 ? "a.tag" : "b.tag";
            for (int t = 0; t < 4; t++) {
                Row row = new Row(hour, tag, "f" + random.nextInt(3), words[random.nextInt(words.length)], ts, seq);
                rows.add(row);
                buffer.add(row.hour(), row.tag(), row.field(), row.term(), row.ts(), row.seq());
            }
        }

        List<Row> sorted = sortedRows(buffer);
        assertThat(sorted).hasSize(rows.size());
        for (int i = 1; i < sorted.size(); i++) {
            assertThat(FILE_ORDER.compare(sorted.get(i - 1), sorted.get(i))).isLessThanOrEqualTo(0);
        }
        assertThat(sorted).containsExactlyInAnyOrderElementsOf(rows);
    }

    @Test
    void termsSharingLongPrefixesRankByTheirWholeTextInEveryPartOfOneBuffer() {
        // Thousands of distinct terms, many alike in their first 8 bytes (more than a few dozen share them) or in
        // their first 16, some differing only by a trailing NUL; then again after clear() with other terms.
        TermBuffer buffer = new TermBuffer(1_000_000, 1 << 24);
        for (int part = 0; part < 2; part++) {
            Random random = new Random(11 + part);
            List<Row> rows = new ArrayList<>();
            for (int record = 0; record < 3_000; record++) {
                for (int t = 0; t < 6; t++) {
                    String term = switch (random.nextInt(4)) {
                        case 0 -> "10.0." + random.nextInt(30) + "." + random.nextInt(256);
                        case 1 -> "arn:aws:iam::123456789012:role/r" + random.nextInt(500 + 500 * part);
                        case 2 -> "abcdefgh" + "\u0000".repeat(random.nextInt(2)) + random.nextInt(40);
                        default -> new String(("t" + random.nextInt(2_000)).toCharArray());
                    };
                    Row row = new Row(7, "tag", "f" + t % 2, term, 7 * 3_600_000L + record, record);
                    rows.add(row);
                    buffer.add(row.hour(), row.tag(), row.field(), row.term(), row.ts(), row.seq());
                }
            }

            List<Row> expected = new ArrayList<>(rows);
            expected.sort(FILE_ORDER);
            assertThat(sortedRows(buffer)).as("part %d", part).isEqualTo(expected);
            buffer.clear();
        }
    }

    /** Sorts the buffer and reads its rows back in order. */
    private static List<Row> sortedRows(TermBuffer buffer) {
        buffer.sort();
        List<Row> sorted = new ArrayList<>();
        for (int i = 0; i < buffer.size(); i++) {
            sorted.add(new Row(buffer.hour(i), buffer.tag(i).toStringUsingUTF8(), buffer.field(i).toStringUsingUTF8(),
                    buffer.term(i).toStringUsingUTF8(), buffer.ts(i), buffer.seq(i)));
        }
        return sorted;
    }
}
