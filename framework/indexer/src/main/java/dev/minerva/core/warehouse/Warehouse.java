package dev.minerva.core.warehouse;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.Optional;

/** Entry point of the indexer into the warehouse: manifests of indexed objects and outputs for new ones. */
public final class Warehouse {
    private final WarehouseStorage storage;
    private final WarehouseOptions options;
    private final Clock clock;
    private final WarehouseLayoutVersion layout;

    public Warehouse(WarehouseStorage storage, WarehouseOptions options, Clock clock) {
        this.storage = requireNonNull(storage, "storage is null");
        this.options = requireNonNull(options, "options is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.layout = new WarehouseLayoutVersion(storage);
    }

    public WarehouseStorage storage() {
        return storage;
    }

    /** The manifest of the last committed indexing of this location, whatever its version. */
    public Optional<ObjectManifest> manifest(URI location) throws IOException {
        String key = WarehouseLayout.manifestKey(SourceObject.locationKey(location));
        if (!storage.exists(key)) {
            return Optional.empty();
        }
        return Optional.of(ObjectManifest.fromJson(storage.readAll(key)));
    }

    /** True when this exact version is already committed, so the indexer can skip it. */
    public boolean isIndexed(SourceObject object) throws IOException {
        return manifest(object.location()).map(m -> m.version().equals(object.version())).orElse(false);
    }

    /** Starts writing an object; committing it replaces whatever an earlier version wrote. */
    public ObjectOutput beginObject(SourceObject object) throws IOException {
        // The layout record is widened before the first file of this layout is written.
        layout.prepareForWriting();
        return new ObjectOutput(storage, options, object, manifest(object.location()), clock);
    }
}
