package dev.minerva.local;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --warehouse} option shared by the commands that read or write a warehouse. */
final class WarehouseOption {
    @Option(names = "--warehouse", paramLabel = "DIR",
            description = "The warehouse directory (default: $MINERVA_WAREHOUSE, else ./minerva-data).")
    Path warehouse;

    Path resolve() {
        if (warehouse != null) {
            return warehouse;
        }
        String env = System.getenv("MINERVA_WAREHOUSE");
        return Path.of(env == null || env.isBlank() ? "minerva-data" : env);
    }
}
