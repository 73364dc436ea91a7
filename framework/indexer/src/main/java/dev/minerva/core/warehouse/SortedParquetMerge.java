package dev.minerva.core.warehouse;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.api.Binary;

/**
 * K-way merge of already sorted files of one table into one sorted file. Each input is streamed: memory is one
 * row group per input (compressed) plus the current row, never a whole hour.
 */
final class SortedParquetMerge {
    private SortedParquetMerge() {}

    /** Merges the inputs that still exist into {@code staged}; returns empty when nothing was left to merge. */
    static java.util.Optional<WrittenFile> merge(WarehouseStorage storage, String table, List<String> inputs,
            Set<String> excludedObjectIds, StagedFile staged, WarehouseOptions options) throws IOException {
        List<InputFile> files = new ArrayList<>();
        SortedSet<String> objectIds = new TreeSet<>();
        for (String input : inputs) {
            if (!storage.exists(input)) {
                continue; // deleted by a re-index since the journal was written: its rows are outdated anyway
            }
            InputFile file = ParquetFiles.input(storage, input);
            try (ParquetFileReader reader = ParquetFileReader.open(file)) {
                String ids = reader.getFooter().getFileMetaData().getKeyValueMetaData()
                        .getOrDefault(WarehouseLayout.OBJECT_IDS_KEY, "");
                for (String id : ids.split(",")) {
                    if (!id.isEmpty() && !excludedObjectIds.contains(id)) {
                        objectIds.add(id);
                    }
                }
            }
            files.add(file);
        }
        if (files.isEmpty() || objectIds.isEmpty()) {
            return java.util.Optional.empty();
        }
        boolean terms = table.equals(WarehouseLayout.TERMS);
        Comparator<Cursor> order = Comparator.comparing(Cursor::current, terms ? TERM_ORDER : MESSAGE_ORDER);
        PriorityQueue<Cursor> queue = new PriorityQueue<>(order);
        List<Cursor> cursors = new ArrayList<>();
        try {
            for (InputFile file : files) {
                Cursor cursor = new Cursor(new GroupReaderBuilder(file).build());
                cursors.add(cursor);
                if (cursor.advance()) {
                    queue.add(cursor);
                }
            }
            if (terms) {
                try (ParquetTermWriter writer = new ParquetTermWriter(staged, options, objectIds)) {
                    while (!queue.isEmpty()) {
                        Cursor cursor = queue.poll();
                        Group row = cursor.current;
                        if (!excludedObjectIds.contains(row.getString(4, 0))) {
                            writer.write(row.getBinary(0, 0), row.getBinary(1, 0), row.getBinary(2, 0),
                                    row.getLong(3, 0), row.getBinary(4, 0), row.getLong(5, 0));
                        }
                        if (cursor.advance()) {
                            queue.add(cursor);
                        }
                    }
                    return java.util.Optional.of(writer.finish());
                }
            }
            try (ParquetMessageWriter writer = new ParquetMessageWriter(staged, options, objectIds)) {
                Binary previousObject = null;
                long previousSeq = 0;
                while (!queue.isEmpty()) {
                    Cursor cursor = queue.poll();
                    Group row = cursor.current;
                    Binary objectId = row.getBinary(2, 0);
                    long seq = row.getLong(3, 0);
                    // The same message in two inputs (an interrupted earlier run) is kept once.
                    boolean repeat = seq == previousSeq && objectId.equals(previousObject);
                    if (!repeat && !excludedObjectIds.contains(objectId.toStringUsingUTF8())) {
                        writer.write(row.getBinary(0, 0), row.getLong(1, 0), objectId, seq, row.getBinary(4, 0),
                                row.getBinary(5, 0));
                    }
                    previousObject = objectId;
                    previousSeq = seq;
                    if (cursor.advance()) {
                        queue.add(cursor);
                    }
                }
                return java.util.Optional.of(writer.finish());
            }
        } finally {
            for (Cursor cursor : cursors) {
                cursor.reader.close();
            }
        }
    }

    private static int compareBinary(Binary a, Binary b) {
        return Arrays.compareUnsigned(a.getBytesUnsafe(), b.getBytesUnsafe());
    }

    private static final Comparator<Group> TERM_ORDER = (a, b) -> {
        int c = compareBinary(a.getBinary(2, 0), b.getBinary(2, 0));
        if (c == 0) {
            c = compareBinary(a.getBinary(1, 0), b.getBinary(1, 0));
        }
        if (c == 0) {
            c = compareBinary(a.getBinary(4, 0), b.getBinary(4, 0));
        }
        return c != 0 ? c : Long.compare(a.getLong(5, 0), b.getLong(5, 0));
    };

    private static final Comparator<Group> MESSAGE_ORDER = (a, b) -> {
        int c = compareBinary(a.getBinary(2, 0), b.getBinary(2, 0));
        return c != 0 ? c : Long.compare(a.getLong(3, 0), b.getLong(3, 0));
    };

    private static final class Cursor {
        final ParquetReader<Group> reader;
        Group current;

        Cursor(ParquetReader<Group> reader) {
            this.reader = reader;
        }

        Group current() {
            return current;
        }

        boolean advance() throws IOException {
            current = reader.read();
            return current != null;
        }
    }

    private static final class GroupReaderBuilder extends ParquetReader.Builder<Group> {
        GroupReaderBuilder(InputFile file) {
            super(file, new PlainParquetConfiguration());
        }

        @Override
        protected ReadSupport<Group> getReadSupport() {
            return new GroupReadSupport();
        }
    }
}
