package dev.minerva.templates.trino;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.Column;
import software.amazon.awssdk.services.glue.model.StorageDescriptor;
import software.amazon.awssdk.services.glue.model.TableInput;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The original Minerva layout in S3 and Glue, for Trino: one unpartitioned table of {@code (term, message_id)} rows in
 * record order (unsorted by term) and one of messages keyed by {@code message_id}, each a single Parquet file the
 * benchmark harness wrote ({@code DuckDbBench.buildOriginalLayout}). Declared with the same Parquet storage as the
 * template's tables, so only the layout differs.
 */
final class OriginalLayoutTables {
    static final String TERMS = "original_terms";
    static final String MESSAGES = "original_messages";

    private final S3Client s3;
    private final GlueClient glue;
    private final String bucket;
    private final String prefix;

    /**
     * @param bucket the bucket the files go to
     * @param prefix key prefix of the layout, ending with a slash; each table is a folder below it
     */
    OriginalLayoutTables(S3Client s3, GlueClient glue, String bucket, String prefix) {
        this.s3 = requireNonNull(s3, "s3 is null");
        this.glue = requireNonNull(glue, "glue is null");
        this.bucket = requireNonNull(bucket, "bucket is null");
        this.prefix = requireNonNull(prefix, "prefix is null");
        if (!prefix.endsWith("/")) {
            throw new IllegalArgumentException("prefix must end with a slash: " + prefix);
        }
    }

    /**
     * Uploads {@code terms.parquet} and {@code messages.parquet} from {@code directory} and declares both tables in
     * {@code database}, with {@code parquet}'s input format, output format and SerDe.
     */
    void create(Path directory, String database, StorageDescriptor parquet) {
        declare(database, TERMS, upload(directory.resolve("terms.parquet"), TERMS), parquet,
                List.of(column("term", "string"), column("message_id", "string")));
        declare(database, MESSAGES, upload(directory.resolve("messages.parquet"), MESSAGES), parquet,
                List.of(column("message_id", "string"), column("ts", "timestamp"), column("tag", "string"),
                        column("message", "string")));
    }

    /** Uploads one file as the only object of the table's folder; returns the folder's location. */
    private String upload(Path file, String table) {
        String folder = prefix + table + "/";
        s3.putObject(b -> b.bucket(bucket).key(folder + file.getFileName()), RequestBody.fromFile(file));
        return "s3://" + bucket + "/" + folder;
    }

    private void declare(String database, String table, String location, StorageDescriptor parquet, List<Column> columns) {
        TableInput input = TableInput.builder()
                .name(table)
                .tableType("EXTERNAL_TABLE")
                .storageDescriptor(parquet.toBuilder().location(location).columns(columns).build())
                .build();
        glue.createTable(b -> b.databaseName(database).tableInput(input));
    }

    private static Column column(String name, String type) {
        return Column.builder().name(name).type(type).build();
    }
}
