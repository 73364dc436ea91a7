package dev.minerva.core.warehouse;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.minerva.core.CoreErrorCode;
import dev.minerva.spi.MinervaException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The layout versions a warehouse holds, recorded in {@value #KEY} at its root, and the check every reader and
 * writer makes against them, so that no code ever reads files it does not understand as if it did.
 *
 * <p>The record says the newest and the oldest layout any file of the warehouse may be in. Code that reads layouts
 * {@code [oldestReadable, current]} searches a warehouse only when both ends fall inside that range; a newer
 * warehouse fails with a message to upgrade, an older one with the command that rebuilds it. Writers (the indexer,
 * the compactor) write files of the current layout and widen the record first, before any file, so the record never
 * claims less than the files hold. A warehouse written before versions were recorded has no record: its files, if
 * any, are layout 1.
 *
 * <p>Layouts: 1, the original term and message tables; 2, the same columns (a reader of 1 reads 2 and the other way
 * round) with sequence numbers delta-encoded in term files, UUIDs indexed whole only and message row groups sized by
 * bytes.
 */
public final class WarehouseLayoutVersion {
    /** The record's key. */
    public static final String KEY = "layout.json";
    /** The layout this code writes. */
    public static final int CURRENT = 2;
    /** The oldest layout this code reads correctly. */
    public static final int OLDEST_READABLE = 1;
    /** What a warehouse without a record holds: files written before versions were recorded. */
    static final int UNRECORDED = 1;

    private static final ObjectMapper JSON = new ObjectMapper();
    // A passed read check is trusted this long: a search reads the record once in a while, not on every request.
    private static final Duration RECHECK = Duration.ofMinutes(1);

    private final WarehouseStorage storage;
    private final int current;
    private final int oldestReadable;
    private final Clock clock;
    private Instant readableUntil = Instant.MIN;
    private boolean writable;

    public WarehouseLayoutVersion(WarehouseStorage storage) {
        this(storage, CURRENT, OLDEST_READABLE, Clock.systemUTC());
    }

    /** For tests: code that writes {@code current} and reads {@code [oldestReadable, current]}. */
    WarehouseLayoutVersion(WarehouseStorage storage, int current, int oldestReadable, Clock clock) {
        this.storage = requireNonNull(storage, "storage is null");
        this.clock = requireNonNull(clock, "clock is null");
        if (oldestReadable < 1 || oldestReadable > current) {
            throw new IllegalArgumentException("readable layouts [" + oldestReadable + ", " + current + "] are empty");
        }
        this.current = current;
        this.oldestReadable = oldestReadable;
    }

    /** The layouts a warehouse holds: every file is in a layout between {@code oldest} and {@code newest}. */
    public record Recorded(int newest, int oldest) {
        public Recorded {
            if (oldest < 1 || oldest > newest) {
                throw new IllegalArgumentException("layouts [" + oldest + ", " + newest + "] are not a range of versions");
            }
        }
    }

    /** The record, or empty when the warehouse has none (it is empty, or older than recorded versions). */
    public java.util.Optional<Recorded> recorded() throws IOException {
        if (!storage.exists(KEY)) {
            return java.util.Optional.empty();
        }
        byte[] bytes = storage.readAll(KEY);
        try {
            JsonNode root = JSON.readTree(bytes);
            JsonNode newest = root.path("layout");
            JsonNode oldest = root.path("oldest_layout");
            if (!newest.canConvertToInt() || !oldest.canConvertToInt()) {
                throw new IOException("no integer 'layout' and 'oldest_layout'");
            }
            return java.util.Optional.of(new Recorded(newest.intValue(), oldest.intValue()));
        } catch (IOException | IllegalArgumentException e) {
            throw new MinervaException(CoreErrorCode.INVALID_LAYOUT_RECORD, "The warehouse's layout record " + KEY + " is not valid ("
                    + e.getMessage() + "); expected {\"layout\": N, \"oldest_layout\": M} with 1 <= M <= N. "
                    + "Restore it, or rebuild the warehouse: " + rebuildCommand(), e);
        }
    }

    /** Fails unless this code reads every file of the warehouse correctly; see the class comment. */
    public synchronized void checkReadable() {
        Instant now = clock.instant();
        if (now.isBefore(readableUntil)) {
            return;
        }
        Recorded recorded = recordedOrUnrecorded();
        if (recorded.newest() > current) {
            throw new MinervaException(CoreErrorCode.UNSUPPORTED_WAREHOUSE_LAYOUT, "The warehouse holds files of layout " + recorded.newest()
                    + ", written by a newer Minerva; this Minerva reads layouts " + oldestReadable + " to " + current
                    + ". Upgrade Minerva to search it.");
        }
        if (recorded.oldest() < oldestReadable) {
            throw new MinervaException(CoreErrorCode.UNSUPPORTED_WAREHOUSE_LAYOUT, "The warehouse holds files of layout " + recorded.oldest()
                    + ", which this Minerva no longer reads (it reads layouts " + oldestReadable + " to " + current
                    + "). Rebuild it: " + rebuildCommand());
        }
        readableUntil = now.plus(RECHECK);
    }

    /**
     * Fails unless this code may add files of its layout, and widens the record to include it; once per instance.
     * A warehouse of a newer layout is never written by older code: its readers might not read what it would add.
     */
    public synchronized void prepareForWriting() throws IOException {
        if (writable) {
            return;
        }
        java.util.Optional<Recorded> found = recorded();
        Recorded recorded = found.orElseGet(this::unrecorded);
        if (recorded.newest() > current) {
            throw new MinervaException(CoreErrorCode.UNSUPPORTED_WAREHOUSE_LAYOUT, "The warehouse holds files of layout " + recorded.newest()
                    + ", written by a newer Minerva; this Minerva writes layout " + current
                    + " and must not add to it. Upgrade Minerva to index or compact into it.");
        }
        if (found.isEmpty() || recorded.newest() < current) {
            Recorded widened = new Recorded(current, Math.min(recorded.oldest(), current));
            storage.put(KEY, toJson(widened));
        }
        writable = true;
    }

    private Recorded recordedOrUnrecorded() {
        try {
            return recorded().orElseGet(this::unrecorded);
        } catch (IOException e) {
            throw new MinervaException(CoreErrorCode.STORAGE_FAILED,
                    "Reading the warehouse's layout record " + KEY + " failed: " + e.getMessage(), e);
        }
    }

    /** No record: an empty warehouse holds nothing to misread; one with manifests is from before the record. */
    private Recorded unrecorded() {
        try {
            boolean hasData = !storage.list(WarehouseLayout.OBJECTS + "/").isEmpty();
            int layout = hasData ? UNRECORDED : current;
            return new Recorded(layout, layout);
        } catch (IOException e) {
            throw new MinervaException(CoreErrorCode.STORAGE_FAILED,
                    "Listing the warehouse's manifests failed: " + e.getMessage(), e);
        }
    }

    static byte[] toJson(Recorded recorded) {
        ObjectNode root = JSON.createObjectNode();
        root.put("layout", recorded.newest());
        root.put("oldest_layout", recorded.oldest());
        root.put("note", "Layout versions of the files of this warehouse; written by Minerva, read by every search.");
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The command that rebuilds a warehouse from the source objects, which the indexer never changes. */
    static String rebuildCommand() {
        return "index the source objects again into an empty warehouse with `minerva index --force --warehouse NEW "
                + "--config SOURCES.yaml PATH…` (or s3:// prefixes), then search NEW.";
    }
}
