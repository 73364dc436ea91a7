package dev.minerva.core.warehouse;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.minerva.spi.ErrorKind;
import dev.minerva.spi.MinervaException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The layout record: written before the first file, checked by every search, the indexer and the compactor. */
class WarehouseLayoutVersionTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-02T10:00:00Z"), ZoneOffset.UTC);
    private static final Instant TS = Instant.parse("2020-10-01T00:10:00Z");

    @TempDir
    Path root;

    private LocalWarehouseStorage storage() {
        return new LocalWarehouseStorage(root);
    }

    private void indexOneRecord(String location) throws Exception {
        Warehouse warehouse = new Warehouse(storage(), WarehouseOptions.defaults(), CLOCK);
        try (ObjectOutput out = warehouse.beginObject(new SourceObject(URI.create(location), "v1"))) {
            out.message("syslog", TS, 1, "{\"msg\":\"hello\"}");
            out.term("syslog", "msg", "hello", TS, 1);
            out.commit();
        }
    }

    private void record(String json) throws Exception {
        Files.writeString(root.resolve(WarehouseLayoutVersion.KEY), json, UTF_8);
    }

    @Test
    void theFirstIndexedObjectRecordsTheCurrentLayoutBeforeAnyFile() throws Exception {
        indexOneRecord("s3://logs/a.log");

        assertThat(new WarehouseLayoutVersion(storage()).recorded())
                .contains(new WarehouseLayoutVersion.Recorded(WarehouseLayoutVersion.CURRENT, WarehouseLayoutVersion.CURRENT));
        new WarehouseLayoutVersion(storage()).checkReadable();
    }

    @Test
    void aWarehouseWrittenBeforeTheRecordIsReadAsLayoutOneAndIndexingIntoItRecordsBothLayouts() throws Exception {
        indexOneRecord("s3://logs/a.log");
        Files.delete(root.resolve(WarehouseLayoutVersion.KEY));

        // Layout 1 has the same columns: this code reads it, so the search goes ahead.
        new WarehouseLayoutVersion(storage()).checkReadable();
        indexOneRecord("s3://logs/b.log");

        assertThat(new WarehouseLayoutVersion(storage()).recorded())
                .contains(new WarehouseLayoutVersion.Recorded(WarehouseLayoutVersion.CURRENT, 1));
    }

    @Test
    void aWarehouseOfANewerLayoutIsNeitherSearchedNorWrittenAndTheMessageSaysToUpgrade() throws Exception {
        indexOneRecord("s3://logs/a.log");
        record("{\"layout\": 3, \"oldest_layout\": 2}");

        assertThatThrownBy(() -> new WarehouseLayoutVersion(storage()).checkReadable())
                .isInstanceOfSatisfying(MinervaException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.USER_INPUT))
                .hasMessage("The warehouse holds files of layout 3, written by a newer Minerva; this Minerva reads "
                        + "layouts 1 to 2. Upgrade Minerva to search it.");
        assertThatThrownBy(() -> indexOneRecord("s3://logs/b.log"))
                .hasMessageContaining("layout 3").hasMessageContaining("must not add to it. Upgrade Minerva");
        CompactorOptions options = new CompactorOptions(Duration.ZERO, Duration.ZERO,
                CompactorOptions.defaults().targetBytes(), WarehouseOptions.defaults());
        assertThatThrownBy(() -> new Compactor(storage(), options, CLOCK).run())
                .hasMessageContaining("Upgrade Minerva to index or compact into it");
        assertThat(storage().list(WarehouseLayout.OBJECTS + "/")).as("nothing was added").hasSize(1);
    }

    @Test
    void aWarehouseHoldingALayoutNoLongerReadFailsNamingTheCommandThatRebuildsIt() throws Exception {
        indexOneRecord("s3://logs/a.log");
        // Code that writes layout 3 and reads only 2 and 3, opening a warehouse that still holds layout-1 files.
        WarehouseLayoutVersion newer = new WarehouseLayoutVersion(storage(), 3, 2, CLOCK);
        record("{\"layout\": 2, \"oldest_layout\": 1}");

        assertThatThrownBy(newer::checkReadable)
                .isInstanceOf(MinervaException.class)
                .hasMessageStartingWith("The warehouse holds files of layout 1, which this Minerva no longer reads "
                        + "(it reads layouts 2 to 3). Rebuild it: ")
                .hasMessageContaining("minerva index --force --warehouse NEW --config SOURCES.yaml");
    }

    @Test
    void aDamagedRecordIsReportedWithWhatAValidOneLooksLike() throws Exception {
        indexOneRecord("s3://logs/a.log");
        record("{\"layout\": \"two\"}");

        assertThatThrownBy(() -> new WarehouseLayoutVersion(storage()).checkReadable())
                .isInstanceOf(MinervaException.class)
                .hasMessageContaining("layout.json is not valid")
                .hasMessageContaining("expected {\"layout\": N, \"oldest_layout\": M} with 1 <= M <= N");
    }

    @Test
    void anEmptyWarehouseIsReadableAndGetsItsRecordWithTheFirstCompaction() throws Exception {
        new WarehouseLayoutVersion(storage()).checkReadable();
        CompactorOptions options = new CompactorOptions(Duration.ZERO, Duration.ZERO,
                CompactorOptions.defaults().targetBytes(), WarehouseOptions.defaults());

        new Compactor(storage(), options, CLOCK).run();

        assertThat(new WarehouseLayoutVersion(storage()).recorded())
                .contains(new WarehouseLayoutVersion.Recorded(WarehouseLayoutVersion.CURRENT, WarehouseLayoutVersion.CURRENT));
    }
}
