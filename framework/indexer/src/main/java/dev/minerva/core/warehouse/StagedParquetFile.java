package dev.minerva.core.warehouse;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import org.apache.parquet.hadoop.ParquetWriter;

/**
 * A Parquet file being written to a staged location: published only by {@link #finish()}, discarded by
 * {@link #close()} otherwise, so readers never see a half-written file. Shared by the table writers.
 */
final class StagedParquetFile implements AutoCloseable {
    private final String table;
    private final StagedFile staged;
    private final ParquetWriter<RowWriteSupport.Row> writer;
    private long rows;
    private boolean closed;

    StagedParquetFile(String table, StagedFile staged, ParquetWriter<RowWriteSupport.Row> writer) {
        this.table = requireNonNull(table, "table is null");
        this.staged = requireNonNull(staged, "staged is null");
        this.writer = requireNonNull(writer, "writer is null");
    }

    void write(RowWriteSupport.Row row) throws IOException {
        writer.write(row);
        rows++;
    }

    long rows() {
        return rows;
    }

    /** Finishes and publishes the file. */
    WrittenFile finish() throws IOException {
        closed = true;
        writer.close();
        StoredObject stored = staged.publish();
        staged.close();
        return new WrittenFile(table, staged.key(), rows, stored.size());
    }

    /** Discards the file unless it was finished. */
    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            try {
                writer.close();
            } finally {
                staged.close();
            }
        }
    }
}
