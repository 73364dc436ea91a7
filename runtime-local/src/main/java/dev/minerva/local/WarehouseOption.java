package dev.minerva.local;

import dev.minerva.aws.s3.S3Settings;
import dev.minerva.aws.s3.S3StorageProvider;
import dev.minerva.core.inject.StorageModule;
import dev.minerva.core.storage.Storages;
import dev.minerva.spi.MinervaException;
import java.net.URI;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The {@code --warehouse} option (a folder or an S3 prefix) and the S3 client settings, shared by the commands. */
final class WarehouseOption {
    static final String VARIABLE = "MINERVA_WAREHOUSE";

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--warehouse", paramLabel = "DIR|S3-URL",
            description = "The warehouse: a folder, or s3://bucket/prefix/ for index and compact (default: $MINERVA_WAREHOUSE, else ./minerva-data).")
    String warehouse;

    @Option(names = "--s3-endpoint", paramLabel = "URL",
            description = "Talk to this S3-compatible endpoint instead of AWS (default: $MINERVA_S3_ENDPOINT).")
    URI s3Endpoint;

    @Option(names = "--s3-path-style", description = "Path-style S3 addressing, for S3-compatible stores (default: $MINERVA_S3_PATH_STYLE, else off).")
    Boolean s3PathStyle;

    /** The warehouse as given: a folder or an {@code s3://} prefix. */
    String location() {
        if (warehouse != null) {
            return warehouse;
        }
        String env = System.getenv(VARIABLE);
        return env == null || env.isBlank() ? "minerva-data" : env;
    }

    /** The warehouse folder, for commands that need a local warehouse; an S3 warehouse is a user error naming the command. */
    Path resolve() {
        String location = location();
        if (!Storages.isLocal(location)) {
            String name = command == null ? "this command" : "minerva " + command.name();
            throw MinervaException.userInput(name + " cannot use the S3 warehouse " + location
                    + ": its embedded engine (DuckDB) reads local folders only. Search an S3 warehouse through the search"
                    + " Lambda (Athena), or copy it to a folder first (aws s3 sync " + location + " ./warehouse) and pass"
                    + " --warehouse ./warehouse");
        }
        return Path.of(location);
    }

    /**
     * The warehouse folder for commands that read one: it must exist and look like a warehouse (hold one of the
     * folders {@code minerva index} makes). Searching any other folder would answer "0 hits", which a person reads as
     * "it did not happen".
     */
    Path existing() {
        Path root = resolve();
        if (!java.nio.file.Files.isDirectory(root)) {
            throw MinervaException.userInput("No warehouse at " + root.toAbsolutePath()
                    + "; index logs first (minerva index …) or pass --warehouse DIR");
        }
        for (String part : WAREHOUSE_FOLDERS) {
            if (java.nio.file.Files.isDirectory(root.resolve(part))) {
                return root;
            }
        }
        throw MinervaException.userInput(root.toAbsolutePath() + " is not a Minerva warehouse: it holds none of the folders "
                + String.join("/, ", WAREHOUSE_FOLDERS) + "/ that minerva index writes. Pass --warehouse DIR (or set "
                + "MINERVA_WAREHOUSE) to the folder you indexed into");
    }

    private static final java.util.List<String> WAREHOUSE_FOLDERS = java.util.List.of("objects", "messages", "terms", "rejects");

    /** The storage module of the warehouse, with S3 settings from the environment and these options. */
    StorageModule storage() {
        return StorageModule.of(location(), S3StorageProvider.of(s3Settings()));
    }

    S3Settings s3Settings() {
        S3Settings settings = S3Settings.fromEnvironment();
        if (s3Endpoint != null) {
            settings = settings.withEndpoint(s3Endpoint);
        }
        if (s3PathStyle != null) {
            settings = settings.withPathStyle(s3PathStyle);
        }
        return settings;
    }
}
