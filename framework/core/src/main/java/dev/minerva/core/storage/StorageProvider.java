package dev.minerva.core.storage;

import dev.minerva.core.index.LogObject;
import dev.minerva.core.warehouse.WarehouseStorage;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * One storage backend, chosen by the scheme of a location ({@code file} for local paths, {@code s3}): it holds
 * warehouses and reads log objects. {@link Storages} picks the provider of a location; there is one per scheme.
 */
public interface StorageProvider {
    /** The lower-case URI scheme this provider serves, such as {@code file} or {@code s3}. */
    String scheme();

    /**
     * Checks that {@code location} (of this provider's scheme) can name a warehouse or log objects, without any I/O.
     *
     * @throws dev.minerva.spi.MinervaException a user error saying what is wrong and what would be valid
     */
    void validate(String location);

    /** The warehouse rooted at {@code location}. */
    WarehouseStorage warehouse(String location);

    /**
     * The log objects at {@code location}, like a local path: a folder or prefix yields every object under it, in
     * location order; anything else names one object. Nothing there is a user error.
     */
    List<LogObject> list(String location) throws IOException;

    /** Streams one log object listed by this provider, at the version it was listed with. */
    InputStream open(LogObject object) throws IOException;
}
