package dev.minerva.core.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SpiVersionTest {
    @Test
    void readsMajorDotMinorAndNothingElse() {
        assertThat(SpiVersion.parse("1.0")).contains(new SpiVersion(1, 0));
        assertThat(SpiVersion.parse(" 2.13 ")).contains(new SpiVersion(2, 13));
        assertThat(SpiVersion.parse("1")).isEmpty();
        assertThat(SpiVersion.parse("1.0.0")).isEmpty();
        assertThat(SpiVersion.parse("v1.0")).isEmpty();
        assertThat(SpiVersion.parse("")).isEmpty();
        assertThatThrownBy(() -> new SpiVersion(-1, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aHostRunsPluginsOfItsMajorVersionBuiltForItsMinorVersionOrAnEarlierOne() {
        SpiVersion host = new SpiVersion(1, 2);
        assertThat(host.runs(new SpiVersion(1, 0))).isTrue();
        assertThat(host.runs(new SpiVersion(1, 2))).isTrue();
        assertThat(host.runs(new SpiVersion(1, 3))).as("the plugin may call what this host lacks").isFalse();
        assertThat(host.runs(new SpiVersion(0, 9))).isFalse();
        assertThat(host.runs(new SpiVersion(2, 0))).isFalse();
    }

    @Test
    void theCurrentVersionComesFromTheSpiJarAndRunsItself() {
        SpiVersion current = SpiVersion.current();
        assertThat(current.toString()).matches("\\d+\\.\\d+");
        assertThat(current.runs(current)).isTrue();
    }
}
