package dev.minerva.plugins.syslogjson;

import dev.minerva.testkit.LogFormatConformanceTest;
import java.util.Optional;

/** The shared conformance kit run against the syslog-json format and its golden fixtures. */
class JsonLinesConformanceTest extends LogFormatConformanceTest {
    @Override
    protected String formatName() {
        return "syslog-json";
    }

    @Override
    protected String malformedFixture() {
        return "malformed-lines.jsonl";
    }

    @Override
    protected Optional<String> lineOrientedFixture() {
        return Optional.of("fluent-bit_docker-json-file_k8s-fixtures.jsonl");
    }
}
