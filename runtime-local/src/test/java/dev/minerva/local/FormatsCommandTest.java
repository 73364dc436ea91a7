package dev.minerva.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minerva.spi.LogFormatFactory;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FormatsCommandTest {
    @TempDir
    Path temp;

    @Test
    void formatsListsBundledAndDropInFormatsWithTheJarEachCameFrom() throws Exception {
        Path plugins = Files.createDirectories(temp.resolve("plugins"));
        Path jar = dropInJar(plugins.resolve("kv-format.jar"), "1.0");

        CliRun table = CliRun.of("formats", "--plugins", plugins.toString());
        assertThat(table.status()).as(table.err()).isZero();
        assertThat(table.out()).contains("kv ", "from " + jar.toAbsolutePath(), "cloudtrail", "vpcflow", "syslog-json");

        CliRun json = CliRun.of("formats", "--output", "json", "--plugins", plugins.toString());
        assertThat(json.out().lines().filter(line -> line.contains("\"name\":\"kv\"")))
                .singleElement().satisfies(line -> assertThat(line)
                        .contains("\"origin\":\"" + jar.toAbsolutePath() + "\"", "\"drop_in\":true"));
    }

    @Test
    void aDropInBuiltForAnotherSpiFailsTheCommandWithTheReason() throws Exception {
        Path plugins = Files.createDirectories(temp.resolve("plugins"));
        Path jar = dropInJar(plugins.resolve("kv-format.jar"), "7.0");

        CliRun run = CliRun.of("formats", "--plugins", plugins.toString());
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("The plugin JAR " + jar + " was built for Minerva SPI 7.0, but this Minerva has SPI");

        Path log = Files.writeString(temp.resolve("a.log"), "x\n");
        CliRun index = CliRun.of("index", "--warehouse", temp.resolve("warehouse").toString(), "--plugins", plugins.toString(),
                "--format", "kv", log.toString());
        assertThat(index.status()).isEqualTo(2);
        assertThat(index.err()).startsWith("minerva: The plugin JAR " + jar + " was built for Minerva SPI 7.0").doesNotContain("Guice");
    }

    /** A one-class plugin compiled against the SPI alone, with its service file and SPI version. */
    private Path dropInJar(Path jar, String spiVersion) throws IOException, URISyntaxException {
        Path source = Files.createDirectories(temp.resolve("src/kv")).resolve("KvFormatFactory.java");
        Files.writeString(source, """
                package kv;

                import dev.minerva.spi.*;
                import java.util.List;

                public final class KvFormatFactory implements LogFormatFactory {
                    public String name() { return "kv"; }
                    public String description() { return "a drop-in for the formats command"; }
                    public String defaultTag() { return "kv"; }
                    public List<OptionSpec> options() { return List.of(); }
                    public LogFormat create(FormatOptions options) { return (input, sink) -> { }; }
                }
                """);
        Path classes = Files.createDirectories(temp.resolve("classes"));
        String spi = Path.of(LogFormatFactory.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        int status = ToolProvider.getSystemJavaCompiler().run(null, null, null, "--release", "17", "-classpath", spi,
                "-d", classes.toString(), source.toString());
        assertThat(status).as("the plugin compiles against the SPI").isZero();
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Minerva-SPI-Version", spiVersion);
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out, manifest)) {
            jarOut.putNextEntry(new JarEntry("kv/KvFormatFactory.class"));
            jarOut.write(Files.readAllBytes(classes.resolve("kv/KvFormatFactory.class")));
            jarOut.closeEntry();
            jarOut.putNextEntry(new JarEntry("META-INF/services/dev.minerva.spi.LogFormatFactory"));
            jarOut.write("kv.KvFormatFactory\n".getBytes(StandardCharsets.UTF_8));
            jarOut.closeEntry();
        }
        return jar;
    }
}
