package dev.minerva.core.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.minerva.core.input.LogObjectParser;
import dev.minerva.spi.LogFormatFactory;
import dev.minerva.spi.LogRecord;
import dev.minerva.spi.MinervaException;
import dev.minerva.spi.Position;
import dev.minerva.spi.RecordSink;
import dev.minerva.spi.Rejection;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FormatRegistryTest {
    @TempDir
    Path temp;

    @Test
    void findsFormatsOnTheClassPathWithTheirOrigin() {
        FormatRegistry registry = FormatRegistry.discover();
        FormatProvider provider = registry.provider("test-lines");
        assertThat(provider.dropIn()).isFalse();
        assertThat(provider.origin()).contains("test-classes");
    }

    @Test
    void unknownNameListsTheAvailableFormats() {
        assertThatThrownBy(() -> FormatRegistry.discover().provider("vpcflow2"))
                .isInstanceOf(MinervaException.class)
                .hasMessage("No log format 'vpcflow2'. Available formats: test-lines");
    }

    @Test
    void dropInJarThatDependsOnlyOnTheSpiIsFoundAndParses() throws Exception {
        Path plugins = Files.createDirectories(temp.resolve("plugins"));
        Path jar = buildPluginJar(plugins.resolve("pipe-format.jar"), "pipe");

        FormatRegistry registry = FormatRegistry.discover(getClass().getClassLoader(), List.of(plugins));
        FormatProvider provider = registry.provider("pipe");
        assertThat(provider.dropIn()).isTrue();
        assertThat(provider.origin()).isEqualTo(jar.toAbsolutePath().toString());
        assertThat(registry.availableNames()).isEqualTo("pipe, test-lines");
        assertThat(provider.factory().getClass().getClassLoader()).isNotSameAs(getClass().getClassLoader());

        LogFormatFactory factory = provider.factory();
        List<LogRecord> records = new ArrayList<>();
        List<Rejection> rejections = new ArrayList<>();
        LogObjectParser.parse("pipe", factory.create(OptionBinder.bind(factory, Map.of(), k -> "")), "file:/x.log", "pipe.tag", 1000, Optional.empty(),
                new ByteArrayInputStream("1601510400|alice|login\nnot a record\n1601510460|bob|logout\n".getBytes(StandardCharsets.UTF_8)),
                new RecordSink() {
                    @Override
                    public void accept(LogRecord record) {
                        records.add(record);
                    }

                    @Override
                    public void reject(Rejection rejection) {
                        rejections.add(rejection);
                    }

                    @Override
                    public void skip(Position position, String reason) {}
                });
        assertThat(records).extracting(r -> r.fields().get("user")).containsExactly("alice", "bob");
        assertThat(records).extracting(r -> r.timestamp().getEpochSecond()).containsExactly(1601510400L, 1601510460L);
        assertThat(rejections).singleElement().satisfies(r -> assertThat(r.position().line()).isEqualTo(2));
    }

    @Test
    void twoProvidersOfOneNameFailStartUpNamingBothJars() throws Exception {
        Path plugins = Files.createDirectories(temp.resolve("plugins"));
        buildPluginJar(plugins.resolve("a-pipe.jar"), "pipe");
        buildPluginJar(plugins.resolve("b-pipe.jar"), "pipe");
        assertThatThrownBy(() -> FormatRegistry.discover(getClass().getClassLoader(), List.of(plugins)))
                .isInstanceOf(MinervaException.class)
                .hasMessageContaining("Two plugins provide the log format 'pipe'")
                .hasMessageContaining("a-pipe.jar")
                .hasMessageContaining("b-pipe.jar");
    }

    @Test
    void dropInClashingWithABundledFormatFailsNamingBothPlaces() throws Exception {
        Path plugins = Files.createDirectories(temp.resolve("plugins"));
        buildPluginJar(plugins.resolve("imposter.jar"), "test-lines");
        assertThatThrownBy(() -> FormatRegistry.discover(getClass().getClassLoader(), List.of(plugins)))
                .hasMessageContaining("Two plugins provide the log format 'test-lines'")
                .hasMessageContaining("test-classes")
                .hasMessageContaining("imposter.jar");
    }

    @Test
    void missingPluginsDirectoryIsAClearError() {
        assertThatThrownBy(() -> FormatRegistry.discover(getClass().getClassLoader(), List.of(temp.resolve("nope"))))
                .hasMessageContaining("plugins directory").hasMessageContaining("nope");
    }

    /** Compiles a small format against the SPI alone and packs it as a plugin JAR with its service file. */
    private Path buildPluginJar(Path jar, String name) throws IOException, URISyntaxException {
        Path src = Files.createDirectories(temp.resolve("src-" + jar.getFileName()).resolve("example"));
        Path classes = Files.createDirectories(temp.resolve("classes-" + jar.getFileName()));
        String source = """
                package example;

                import dev.minerva.spi.*;
                import java.time.Instant;
                import java.util.*;

                public final class PipeFormatFactory implements LogFormatFactory {
                    public String name() { return "%s"; }
                    public String description() { return "epoch|user|action lines"; }
                    public String defaultTag() { return "example.pipe"; }
                    public List<OptionSpec> options() { return List.of(); }
                    public LogFormat create(FormatOptions options) {
                        return (input, sink) -> {
                            Optional<Line> next;
                            while ((next = input.lines().next()).isPresent()) {
                                Line line = next.get();
                                String[] p = line.text().split("\\\\|");
                                if (p.length != 3) {
                                    sink.reject(new Rejection(Position.ofLine(line.number()), "expected epoch|user|action", line.text()));
                                    continue;
                                }
                                Map<String, Object> fields = new LinkedHashMap<>();
                                fields.put("user", p[1]);
                                fields.put("action", p[2]);
                                sink.accept(new LogRecord(Instant.ofEpochSecond(Long.parseLong(p[0])), input.tag(), fields, Position.ofLine(line.number())));
                            }
                        };
                    }
                }
                """.formatted(name);
        Path file = src.resolve("PipeFormatFactory.java");
        Files.writeString(file, source);
        String spiClasses = Path.of(LogFormatFactory.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        int status = compiler.run(null, null, null, "--release", "17", "-classpath", spiClasses, "-d", classes.toString(), file.toString());
        assertThat(status).as("plugin compiles against the SPI alone").isZero();
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out)) {
            jarOut.putNextEntry(new JarEntry("example/PipeFormatFactory.class"));
            jarOut.write(Files.readAllBytes(classes.resolve("example/PipeFormatFactory.class")));
            jarOut.closeEntry();
            jarOut.putNextEntry(new JarEntry("META-INF/services/dev.minerva.spi.LogFormatFactory"));
            jarOut.write("example.PipeFormatFactory\n".getBytes(StandardCharsets.UTF_8));
            jarOut.closeEntry();
        }
        return jar;
    }
}
