package dev.minerva.core.search;

import static java.util.Objects.requireNonNull;

import dev.minerva.core.CoreErrorCode;
import dev.minerva.core.query.TimeRange;
import dev.minerva.core.warehouse.StoredObject;
import dev.minerva.core.warehouse.WarehouseLayout;
import dev.minerva.core.warehouse.WarehouseStorage;
import dev.minerva.spi.MinervaException;
import java.io.IOException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * The size of the term and message tables, overall and in the hours a search covered: the yardstick for the bytes
 * a search read.
 */
public record WarehouseTotals(long files, long bytes, long rangeFiles, long rangeBytes) {
    public WarehouseTotals {
        if (files < 0 || bytes < 0 || rangeFiles < 0 || rangeBytes < 0 || rangeFiles > files || rangeBytes > bytes) {
            throw new IllegalArgumentException("inconsistent totals");
        }
    }

    /** Lists both tables; on S3 that is a listing of every data file, so the CLI asks for it, not the API. */
    public static WarehouseTotals measure(WarehouseStorage storage, TimeRange range) {
        requireNonNull(storage, "storage is null");
        requireNonNull(range, "range is null");
        int firstHour = WarehouseLayout.epochHour(range.from().toEpochMilli());
        int lastHour = WarehouseLayout.epochHour(range.to().minus(1, ChronoUnit.MILLIS).toEpochMilli());
        long files = 0;
        long bytes = 0;
        long rangeFiles = 0;
        long rangeBytes = 0;
        try {
            for (String table : new String[] {WarehouseLayout.TERMS, WarehouseLayout.MESSAGES}) {
                for (StoredObject object : storage.list(table + "/")) {
                    if (!object.key().endsWith(".parquet")) {
                        continue;
                    }
                    files++;
                    bytes += object.size();
                    Optional<Integer> hour = WarehouseLayout.hourOf(object.key());
                    if (hour.isPresent() && hour.get() >= firstHour && hour.get() <= lastHour) {
                        rangeFiles++;
                        rangeBytes += object.size();
                    }
                }
            }
        } catch (IOException e) {
            throw new MinervaException(CoreErrorCode.STORAGE_FAILED, "Cannot list the warehouse: " + e.getMessage(), e);
        }
        return new WarehouseTotals(files, bytes, rangeFiles, rangeBytes);
    }
}
