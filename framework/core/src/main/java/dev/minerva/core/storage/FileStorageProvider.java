package dev.minerva.core.storage;

import dev.minerva.core.index.LocalLogObjects;
import dev.minerva.core.index.LogObject;
import dev.minerva.core.warehouse.LocalWarehouseStorage;
import dev.minerva.core.warehouse.WarehouseStorage;
import dev.minerva.spi.MinervaException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;

/** Local folders and files: the {@code file} scheme, which also covers paths given without a scheme. */
public final class FileStorageProvider implements StorageProvider {
    private final LocalLogObjects files = new LocalLogObjects();

    @Override
    public String scheme() {
        return Storages.FILE;
    }

    @Override
    public void validate(String location) {
        path(location);
    }

    @Override
    public WarehouseStorage warehouse(String location) {
        return new LocalWarehouseStorage(path(location));
    }

    @Override
    public List<LogObject> list(String location) {
        return files.list(List.of(path(location)));
    }

    @Override
    public InputStream open(LogObject object) throws IOException {
        return files.open(object);
    }

    /** The path of a local location, with or without {@code file:} or {@code file://}. */
    public static Path path(String location) {
        String path = location;
        if (path.startsWith("file://")) {
            path = path.substring("file://".length());
        } else if (path.startsWith("file:")) {
            path = path.substring("file:".length());
        }
        try {
            return Path.of(path);
        } catch (InvalidPathException e) {
            throw MinervaException.userInput("Invalid local path '" + location + "': " + e.getMessage());
        }
    }
}
