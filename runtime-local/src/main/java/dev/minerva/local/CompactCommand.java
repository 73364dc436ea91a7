package dev.minerva.local;

import com.google.inject.Guice;
import dev.minerva.core.storage.FileStorageProvider;
import dev.minerva.core.storage.Storages;
import dev.minerva.core.warehouse.CompactionReport;
import dev.minerva.core.warehouse.Compactor;
import dev.minerva.core.warehouse.CompactorOptions;
import dev.minerva.core.warehouse.WarehouseOptions;
import dev.minerva.core.warehouse.WarehouseStorage;
import dev.minerva.spi.MinervaException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code minerva compact}: merges the small files of closed hours into few large ones. */
@Command(mixinStandardHelpOptions = true, name = "compact",
        description = "Merge the small files of each closed hour into few large, re-sorted files (local or s3:// warehouse).")
final class CompactCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    WarehouseOption warehouse;

    @Option(names = "--lag", defaultValue = "2h", description = "Compact an hour once it ended this long ago (default: ${DEFAULT-VALUE}).")
    String lag;

    @Option(names = "--grace", defaultValue = "30m",
            description = "Delete replaced files only this long after their replacement exists, so running searches finish (default: ${DEFAULT-VALUE}).")
    String grace;

    @Option(names = "--target-size", defaultValue = "128", paramLabel = "MB", description = "Target size of a compacted file in MB (default: ${DEFAULT-VALUE}).")
    long targetMegabytes;

    @Override
    public Integer call() throws Exception {
        String root = warehouse.location();
        if (Storages.isLocal(root) && !Files.isDirectory(FileStorageProvider.path(root))) {
            throw MinervaException.userInput("No warehouse at " + root + "; index something first, or pass --warehouse DIR");
        }
        if (targetMegabytes < 1) {
            throw MinervaException.userInput("--target-size must be at least 1 (MB), not " + targetMegabytes);
        }
        CompactorOptions options = new CompactorOptions(TimeArguments.duration(lag, "--lag"), TimeArguments.duration(grace, "--grace"),
                targetMegabytes << 20, WarehouseOptions.defaults());
        WarehouseStorage storage = Guice.createInjector(warehouse.storage()).getInstance(WarehouseStorage.class);
        CompactionReport report = new Compactor(storage, options, Clock.systemUTC()).run();
        PrintWriter out = spec.commandLine().getOut();
        out.printf("Compacted %s: %d files published, %d replaced files deleted, %d purges of re-indexed objects completed%n",
                root, report.published().size(), report.deleted().size(), report.purged().size());
        out.flush();
        return 0;
    }
}
