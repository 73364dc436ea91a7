package dev.minerva.core.warehouse;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Object-store shaped access to the warehouse: flat keys such as {@code terms/dt=2020-10-01-05/x.parquet},
 * whole-object atomic publication, no directories. Local disk and S3 implement it.
 */
public interface WarehouseStorage {
    /** Every object whose key starts with {@code prefix}, in key order. */
    List<StoredObject> list(String prefix) throws IOException;

    /** The object's size and modification time, or empty when it does not exist. */
    Optional<StoredObject> stat(String key) throws IOException;

    default boolean exists(String key) throws IOException {
        return stat(key).isPresent();
    }

    /** A random-access view of the object for columnar readers (footers, bloom filters, single pages). */
    RandomAccessObject open(String key) throws IOException;

    /** The whole object; small objects only (manifests, journals). */
    byte[] readAll(String key) throws IOException;

    /** Stages a new object; readers see nothing until it is published. */
    StagedFile create(String key) throws IOException;

    /** Writes a small object in one atomic step. */
    StoredObject put(String key, byte[] content) throws IOException;

    /** Deletes the object; deleting a missing object is not an error, so retries are harmless. */
    void delete(String key) throws IOException;
}
