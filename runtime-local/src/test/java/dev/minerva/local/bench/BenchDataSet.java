package dev.minerva.local.bench;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the generator wrote: the files of each kind, their raw (uncompressed) and gzip sizes, records, and how many
 * records hold each needle. All records fall within one UTC day starting at {@code dayStart}.
 */
public record BenchDataSet(Path root, Instant dayStart, Map<LogKind, KindFiles> kinds, Map<Needle, Long> needleRecords) {
    public BenchDataSet {
        requireNonNull(root, "root is null");
        requireNonNull(dayStart, "dayStart is null");
        kinds = Map.copyOf(kinds);
        needleRecords = Map.copyOf(needleRecords);
    }

    /** The files of one kind. */
    public record KindFiles(LogKind kind, List<Path> files, long rawBytes, long gzipBytes, long records) {
        public KindFiles {
            requireNonNull(kind, "kind is null");
            files = List.copyOf(files);
        }
    }

    public Instant dayEnd() {
        return dayStart.plus(Duration.ofDays(1));
    }

    public long rawBytes() {
        return kinds.values().stream().mapToLong(KindFiles::rawBytes).sum();
    }

    public long gzipBytes() {
        return kinds.values().stream().mapToLong(KindFiles::gzipBytes).sum();
    }

    /** Every file of every kind, in name order. */
    public List<Path> allFiles() {
        return kinds.values().stream().flatMap(k -> k.files().stream()).sorted().toList();
    }
}
