package dev.minerva.trino;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.minerva.core.engine.EngineStats;
import dev.minerva.spi.MinervaException;
import io.trino.jdbc.QueryStats;
import io.trino.jdbc.StageStats;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** What can be checked without a Trino server; the integration tier runs the engine against one. */
class TrinoQueryEngineTest {
    @Test
    void bytesReadArePhysicalInputBytesAndFilesAreTheSourceStagesSplits() {
        // Output stage <- join stage <- {terms scan: 7 splits, messages scan: 3 splits}.
        StageStats terms = stage("2", 7, List.of());
        StageStats messages = stage("3", 3, List.of());
        StageStats join = stage("1", 4, List.of(terms, messages));
        StageStats output = stage("0", 1, List.of(join));

        EngineStats stats = TrinoQueryEngine.stats(queryStats(123_456, 999_999, Optional.of(output)), Duration.ofMillis(5));

        assertThat(stats).isEqualTo(new EngineStats(Duration.ofMillis(5), 10, 123_456, 0, 0));
    }

    @Test
    void aQueryWithoutStatsReportsOnlyItsTime() {
        assertThat(TrinoQueryEngine.stats(null, Duration.ofMillis(2)))
                .isEqualTo(new EngineStats(Duration.ofMillis(2), 0, 0, 0, 0));
    }

    @Test
    void rejectsAUrlThatIsNotTrinos() {
        assertThatThrownBy(() -> new TrinoQueryEngine("jdbc:duckdb:", "minerva", "memory", "default"))
                .isInstanceOf(MinervaException.class).hasMessageContaining("jdbc:trino://host:port");
    }

    @Test
    void rejectsCatalogAndTableNamesThatAreNotPlainIdentifiers() {
        assertThatThrownBy(() -> new TrinoQueryEngine("jdbc:trino://127.0.0.1:1", "minerva", "memory; DROP", "default"))
                .isInstanceOf(MinervaException.class).hasMessageContaining("memory; DROP");
        TrinoQueryEngine engine = new TrinoQueryEngine("jdbc:trino://127.0.0.1:1", "minerva", "memory", "default");
        assertThatThrownBy(() -> engine.dropTable("keys; DROP TABLE x")).isInstanceOf(IllegalArgumentException.class);
    }

    private static StageStats stage(String id, int splits, List<StageStats> children) {
        return new StageStats(id, "FINISHED", true, 1, splits, 0, 0, splits, 0, 0, 0, 0, children);
    }

    private static QueryStats queryStats(long physicalInputBytes, long processedBytes, Optional<StageStats> root) {
        return new QueryStats("q", "FINISHED", false, true, OptionalDouble.of(100), 1, 11, 0, 0, 11, 0, 0, 0, 0, 0,
                0, 0, 0, 0, processedBytes, 0, physicalInputBytes, 0, 0, root);
    }
}
