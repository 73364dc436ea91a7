package dev.minerva.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web UI end to end in a real headless browser: indexes the bundled samples and a CloudTrail record planted with
 * {@code <script>} and {@code <img onerror>} values, starts {@code minerva serve} on a free port, and runs the
 * playwright-core scripts in {@code src/test/browser} against it with Debian's Chromium. Screenshots of the main views
 * go to {@code target/screenshots}.
 *
 * <p>Runs only under the Maven profile {@code browser} ({@code -Pbrowser}), and skips when Node.js or Chromium is not
 * installed, so the default build never depends on them ({@code .ci/run} installs both for its browser tier).
 */
class UiBrowserTest {
    private static final Path BROWSER_TESTS = Path.of("src/test/browser");
    private static final Path SCREENSHOTS = Path.of("target/screenshots");
    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("MINERVA_CHROMIUM", "/usr/bin/chromium"));

    /** A CloudTrail event whose values are markup; the UI must show them as text. */
    static final String PLANTED = """
            {"Records":[{"eventVersion":"1.08","eventTime":"2021-03-04T05:06:07Z","eventSource":"iam.amazonaws.com",\
            "eventName":"<script>window.__xss='script'</script>","awsRegion":"us-east-1","sourceIPAddress":"192.0.2.1",\
            "userAgent":"<img src=x onerror=\\"window.__xss='img'\\">","userIdentity":{"type":"IAMUser",\
            "arn":"<img src=x onerror=\\"window.__xss='arn'\\">","accountId":"123456789012","userName":"mallory"},\
            "requestParameters":{"userName":"<b onmouseover=\\"window.__xss='b'\\">bold</b>"},\
            "eventID":"00000000-0000-0000-0000-000000000001"}]}
            """;

    @TempDir
    Path temp;

    @Test
    void theUiSearchesPivotsPagesAndExportsInHeadlessChromium() throws Exception {
        assumeTrue(Boolean.getBoolean("minerva.browser"), "browser tests run under the Maven profile 'browser' (-Pbrowser)");
        assumeTrue(works("node", "--version"), "Node.js is not installed; skipping the browser tests");
        assumeTrue(Files.isExecutable(CHROMIUM), CHROMIUM + " is not installed (apt-get install -y chromium); skipping");
        if (!Files.isDirectory(BROWSER_TESTS.resolve("node_modules/playwright-core"))) {
            Process install = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(BROWSER_TESTS.toFile())
                    .redirectErrorStream(true).start();
            String log = new String(install.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            // The registry being out of reach is the machine's problem, not the UI's: skip, saying why.
            assumeTrue(install.waitFor() == 0, "npm ci in " + BROWSER_TESTS + " failed; skipping the browser tests:\n" + log);
        }

        String warehouse = temp.resolve("wh").toString();
        CliRun samples = CliRun.of("index", "--warehouse", warehouse, "--config",
                IndexCommandTest.SAMPLES.resolve("minerva.yaml").toString(), IndexCommandTest.SAMPLES.resolve("logs").toString());
        assertThat(samples.status()).as(samples.err()).isZero();
        Path planted = Files.createDirectories(temp.resolve("planted/logs"));
        Files.writeString(planted.resolve("xss.json"), PLANTED);
        Path config = Files.writeString(temp.resolve("planted/minerva.yaml"),
                "sources:\n  - name: planted\n    match: file:logs/**\n    format: cloudtrail\n");
        CliRun xss = CliRun.of("index", "--warehouse", warehouse, "--config", config.toString(), planted.toString());
        assertThat(xss.status()).as(xss.err()).isZero();
        assertThat(xss.out()).contains("1 records");

        Files.createDirectories(SCREENSHOTS);
        try (UiServe serve = UiServe.start("--warehouse", warehouse)) {
            ProcessBuilder node = new ProcessBuilder("node", "--test", "--test-reporter=spec", "unit.test.mjs", "e2e.test.mjs")
                    .directory(BROWSER_TESTS.toFile()).redirectErrorStream(true);
            node.environment().put("MINERVA_UI_URL", serve.uri().toString());
            node.environment().put("MINERVA_SCREENSHOTS", SCREENSHOTS.toAbsolutePath().toString());
            node.environment().put("MINERVA_CHROMIUM", CHROMIUM.toString());
            Path log = Path.of("target/browser-tests.log");
            node.redirectOutput(log.toFile());
            Process run = node.start();
            boolean finished = run.waitFor(10, TimeUnit.MINUTES);
            if (!finished) {
                run.destroyForcibly();
            }
            String output = Files.readString(log);
            System.out.println(output);
            assertThat(finished).as("the browser tests finished within 10 minutes:\n" + output).isTrue();
            assertThat(run.exitValue()).as("node --test failed:\n" + output).isZero();
        }
        assertThat(SCREENSHOTS.resolve("02-results.png")).isNotEmptyFile();
        assertThat(SCREENSHOTS.resolve("03-xss-record-expanded.png")).isNotEmptyFile();
    }

    private static boolean works(String... command) {
        try {
            Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
