package dev.minerva.templates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * cfn-lint (offline, with bundled schemas) finds nothing in any template, informational checks included. No finding is
 * ignored today; one that must stay goes in the template's {@code Metadata: cfn-lint: config: ignore_checks}, on the
 * resource it concerns, with a comment saying why.
 */
class CfnLintTest {
    @ParameterizedTest
    @ValueSource(strings = {"minerva.yaml", "data-bucket.yaml"})
    void templateHasNoErrorsWarningsOrInformationalFindings(String template) throws Exception {
        String cfnLint = onPath("cfn-lint");
        assumeTrue(cfnLint != null, "cfn-lint is not installed on this machine");
        Process process = new ProcessBuilder(cfnLint, "--include-checks", "I", "--", template).redirectErrorStream(true).start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as("cfn-lint %s said:%n%s", template, output).isZero();
    }

    static String onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return null;
    }
}
