package dev.minerva.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.minerva.spi.MinervaException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LambdaEnvironmentTest {
    @TempDir
    Path temp;

    @Test
    void marginsAreDurationsOrSharesAndNeverTheWholeInvocation() {
        assertThat(LambdaEnvironment.of(Map.of()).timeMargin().millis(900_000)).isEqualTo(60_000);
        assertThat(LambdaEnvironment.of(Map.of("MINERVA_TIME_MARGIN", "20%")).timeMargin().millis(300_000)).isEqualTo(60_000);
        // A 60 s margin on a 30 s timeout would defer every message forever: capped at half.
        assertThat(LambdaEnvironment.of(Map.of()).timeMargin().millis(30_000)).isEqualTo(15_000);
        assertThatThrownBy(() -> LambdaEnvironment.of(Map.of("MINERVA_TIME_MARGIN", "soon")).timeMargin())
                .isInstanceOf(MinervaException.class).hasMessage("MINERVA_TIME_MARGIN='soon': expected a duration such as 500ms, 60s, 30m, 2h or 1d");
        assertThatThrownBy(() -> LambdaEnvironment.of(Map.of("MINERVA_TIME_MARGIN", "95%")).timeMargin())
                .hasMessageContaining("from 1% to 90%");
    }

    @Test
    void pluginDirectoriesMissingDefaultIsFineMissingExplicitIsAnError() {
        assertThat(LambdaEnvironment.of(Map.of()).pluginDirectories()).isEmpty(); // no /opt/java/lib on this machine
        assertThat(LambdaEnvironment.of(Map.of("MINERVA_PLUGINS", temp.toString())).pluginDirectories()).containsExactly(temp);
        assertThatThrownBy(() -> LambdaEnvironment.of(Map.of("MINERVA_PLUGINS", temp.resolve("nope").toString())).pluginDirectories())
                .isInstanceOf(MinervaException.class).hasMessageContaining("MINERVA_PLUGINS names").hasMessageContaining("not a directory");
    }

    @Test
    void theLayerFolderIsAlwaysAPluginDirectoryBesidesTheNamedOnes() throws Exception {
        Path layers = Files.createDirectories(temp.resolve("opt-java-lib"));
        Path more = Files.createDirectories(temp.resolve("more"));
        assertThat(LambdaEnvironment.of(Map.of()).pluginDirectories(layers)).containsExactly(layers);
        assertThat(LambdaEnvironment.of(Map.of("MINERVA_PLUGINS", more.toString())).pluginDirectories(layers)).containsExactly(more, layers);
        assertThat(LambdaEnvironment.of(Map.of("MINERVA_PLUGINS", layers.toString())).pluginDirectories(layers)).containsExactly(layers);
    }

    @Test
    void compactorSettingsAndTheRequiredWarehouse() {
        var options = LambdaEnvironment.of(Map.of("MINERVA_COMPACT_LAG", "90m", "MINERVA_COMPACT_GRACE", "0s",
                "MINERVA_COMPACT_TARGET_MB", "256")).compactorOptions();
        assertThat(options.closedLag()).isEqualTo(Duration.ofMinutes(90));
        assertThat(options.grace()).isZero();
        assertThat(options.targetBytes()).isEqualTo(256L << 20);
        assertThatThrownBy(() -> LambdaEnvironment.of(Map.of()).warehouse()).hasMessageStartingWith("MINERVA_WAREHOUSE is not set");
        assertThatThrownBy(() -> LambdaEnvironment.of(Map.of("MINERVA_COMPACT_TARGET_MB", "0")).compactorOptions())
                .hasMessageContaining("expected MiB from 1 to 4096");
    }
}
