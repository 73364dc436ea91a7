package dev.minerva.core.warehouse.bench;

import dev.minerva.core.warehouse.CompactionReport;
import dev.minerva.core.warehouse.Compactor;
import dev.minerva.core.warehouse.CompactorOptions;
import dev.minerva.core.warehouse.LocalWarehouseStorage;
import dev.minerva.core.warehouse.StoredObject;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Compacts a warehouse written by {@link TermWriteBench} and prints time, files and bytes before and after.
 * {@code java -Xmx256m -cp <test classpath> dev.minerva.core.warehouse.bench.CompactBench <root>}.
 */
public final class CompactBench {
    private CompactBench() {}

    public static void main(String[] args) throws Exception {
        LocalWarehouseStorage storage = new LocalWarehouseStorage(Path.of(args[0]));
        print("before", storage);
        long began = System.nanoTime();
        CompactionReport report = new Compactor(storage, CompactorOptions.defaults(), Clock.systemUTC()).run();
        System.out.printf("compaction published %d files in %.1f s%n", report.published().size(),
                (System.nanoTime() - began) / 1e9);
        for (String key : report.published()) {
            System.out.printf("  %s %d bytes%n", key, storage.stat(key).orElseThrow().size());
        }
    }

    private static void print(String label, LocalWarehouseStorage storage) throws Exception {
        for (String table : new String[] {"terms/", "messages/"}) {
            long bytes = 0;
            int files = 0;
            for (StoredObject object : storage.list(table)) {
                bytes += object.size();
                files++;
            }
            System.out.printf("%s %s %d files %d bytes%n", label, table, files, bytes);
        }
    }
}
