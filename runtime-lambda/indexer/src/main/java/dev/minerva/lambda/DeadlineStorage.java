package dev.minerva.lambda;

import static java.util.Objects.requireNonNull;

import dev.minerva.core.warehouse.RandomAccessObject;
import dev.minerva.core.warehouse.StagedFile;
import dev.minerva.core.warehouse.StoredObject;
import dev.minerva.core.warehouse.WarehouseLayout;
import dev.minerva.core.warehouse.WarehouseStorage;
import dev.minerva.spi.ErrorKind;
import dev.minerva.spi.MinervaException;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Warehouse storage that refuses to start a new merge once time is short, so a compactor run stops between merges.
 * The compactor has no bound of its own; every merge begins by writing its journal or staging its output, and
 * stopping before either leaves the state a crash would, which the next run finishes.
 */
final class DeadlineStorage implements WarehouseStorage {
    /** Thrown instead of starting a merge; the compactor lets it through untouched. */
    static final class OutOfTime extends MinervaException {
        private static final long serialVersionUID = 1L;

        OutOfTime() {
            super(ErrorKind.EXTERNAL, "Stopped before a new merge: the invocation is near its timeout");
        }
    }

    private final WarehouseStorage delegate;
    private final BooleanSupplier timeIsShort;

    DeadlineStorage(WarehouseStorage delegate, BooleanSupplier timeIsShort) {
        this.delegate = requireNonNull(delegate, "delegate is null");
        this.timeIsShort = requireNonNull(timeIsShort, "timeIsShort is null");
    }

    @Override
    public List<StoredObject> list(String prefix) throws IOException {
        return delegate.list(prefix);
    }

    @Override
    public Optional<StoredObject> stat(String key) throws IOException {
        return delegate.stat(key);
    }

    @Override
    public RandomAccessObject open(String key) throws IOException {
        return delegate.open(key);
    }

    @Override
    public byte[] readAll(String key) throws IOException {
        return delegate.readAll(key);
    }

    @Override
    public StagedFile create(String key) throws IOException {
        checkTime();
        return delegate.create(key);
    }

    @Override
    public StoredObject put(String key, byte[] content) throws IOException {
        if (key.startsWith(WarehouseLayout.COMPACTION + "/")) {
            checkTime();
        }
        return delegate.put(key, content);
    }

    @Override
    public void delete(String key) throws IOException {
        delegate.delete(key);
    }

    private void checkTime() {
        if (timeIsShort.getAsBoolean()) {
            throw new OutOfTime();
        }
    }
}
