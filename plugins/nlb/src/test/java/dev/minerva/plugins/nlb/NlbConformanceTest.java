package dev.minerva.plugins.nlb;

import dev.minerva.testkit.LogFormatConformanceTest;
import java.util.Optional;

/** The shared conformance kit run against the nlb format and its golden fixtures. */
class NlbConformanceTest extends LogFormatConformanceTest {
    @Override
    protected String formatName() {
        return "nlb";
    }

    @Override
    protected String malformedFixture() {
        return "edge-cases.log";
    }

    @Override
    protected Optional<String> lineOrientedFixture() {
        return Optional.of("grafana-loki_nlbaccesslog.log");
    }
}
