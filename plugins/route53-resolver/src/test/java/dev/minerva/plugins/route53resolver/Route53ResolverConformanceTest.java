package dev.minerva.plugins.route53resolver;

import dev.minerva.testkit.LogFormatConformanceTest;
import java.util.Optional;

/** The shared conformance kit run against the route53-resolver format and its golden fixtures. */
class Route53ResolverConformanceTest extends LogFormatConformanceTest {
    @Override
    protected String formatName() {
        return "route53-resolver";
    }

    @Override
    protected String malformedFixture() {
        return "edge-cases.jsonl";
    }

    @Override
    protected Optional<String> lineOrientedFixture() {
        return Optional.of("edge-cases.jsonl");
    }
}
