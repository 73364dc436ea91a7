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
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;

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

    @Test
    void dropInLoadsTheClassesItBundlesButNoneOfTheHosts() throws Exception {
        Path plugins = Files.createDirectories(temp.resolve("plugins"));
        buildPluginJar(plugins.resolve("pipe.jar"), "pipe");
        LogFormatFactory factory = FormatRegistry.discover(getClass().getClassLoader(), List.of(plugins)).factory("pipe");
        ClassLoader loader = factory.getClass().getClassLoader();

        assertThat(loader.loadClass("example.lib.Splitter").getClassLoader()).isSameAs(loader);
        assertThat(visibleFromPlugin(factory, "example.lib.Splitter")).isTrue();
        for (String hostClass : List.of(FormatRegistry.class.getName(), "com.fasterxml.jackson.databind.ObjectMapper",
                "com.google.inject.Guice", "org.yaml.snakeyaml.Yaml")) {
            assertThat(Class.forName(hostClass, false, getClass().getClassLoader())).as("the host has " + hostClass).isNotNull();
            assertThatThrownBy(() -> loader.loadClass(hostClass)).as(hostClass).isInstanceOf(ClassNotFoundException.class);
            assertThat(visibleFromPlugin(factory, hostClass)).as("plugin code resolving " + hostClass).isFalse();
        }
    }

    @Test
    void dropInSharesTheSpiAndSlf4jWithTheHostAndTheJdkStaysTheJdk() throws Exception {
        Path plugins = Files.createDirectories(temp.resolve("plugins"));
        buildPluginJar(plugins.resolve("pipe.jar"), "pipe");
        ClassLoader loader = FormatRegistry.discover(getClass().getClassLoader(), List.of(plugins)).factory("pipe").getClass().getClassLoader();

        assertThat(loader.loadClass(LogFormatFactory.class.getName())).isSameAs(LogFormatFactory.class);
        assertThat(loader.loadClass(MinervaException.class.getName())).isSameAs(MinervaException.class);
        assertThat(loader.loadClass("org.slf4j.Logger")).isSameAs(Logger.class);
        assertThat(loader.loadClass("java.sql.Timestamp")).isSameAs(Timestamp.class);
        assertThat(loader.getResource("dev/minerva/spi/spi-version.properties")).isNotNull();
    }

    @Test
    void dropInSeesOnlyItsOwnServiceFiles() throws Exception {
        Path plugins = Files.createDirectories(temp.resolve("plugins"));
        Path jar = buildPluginJar(plugins.resolve("pipe.jar"), "pipe");
        ClassLoader loader = FormatRegistry.discover(getClass().getClassLoader(), List.of(plugins)).factory("pipe").getClass().getClassLoader();

        assertThat(Collections.list(getClass().getClassLoader().getResources(FormatRegistry.SERVICE_FILE))).isNotEmpty();
        assertThat(Collections.list(loader.getResources(FormatRegistry.SERVICE_FILE)))
                .singleElement().satisfies(url -> assertThat(url.toString()).contains(jar.getFileName().toString()));
        assertThat(loader.getResource(FormatRegistry.SERVICE_FILE).toString()).contains(jar.getFileName().toString());
    }

    @Test
    void dropInBuiltForAnotherMajorSpiVersionIsRefusedSayingWhatToDo() throws Exception {
        Path plugins = Files.createDirectories(temp.resolve("plugins"));
        Path jar = buildPluginJar(plugins.resolve("pipe.jar"), "pipe", Optional.of("99.0"));
        SpiVersion host = SpiVersion.current();
        assertThatThrownBy(() -> FormatRegistry.discover(getClass().getClassLoader(), List.of(plugins)))
                .isInstanceOf(MinervaException.class)
                .hasMessage("The plugin JAR " + jar + " was built for Minerva SPI 99.0, but this Minerva has SPI " + host
                        + ". A plugin runs on a host with the same SPI major version and the same or a later minor version. "
                        + "Upgrade Minerva to one with SPI 99.0 or later (within 99.x), or rebuild the plugin against SPI " + host + ".");
    }

    @Test
    void dropInBuiltForALaterMinorVersionIsRefusedAndAnEarlierOneLoads() throws Exception {
        SpiVersion host = SpiVersion.current();
        Path newer = Files.createDirectories(temp.resolve("newer"));
        buildPluginJar(newer.resolve("pipe.jar"), "pipe", Optional.of(host.major() + "." + (host.minor() + 1)));
        assertThatThrownBy(() -> FormatRegistry.discover(getClass().getClassLoader(), List.of(newer)))
                .hasMessageContaining("was built for Minerva SPI " + host.major() + "." + (host.minor() + 1))
                .hasMessageContaining("this Minerva has SPI " + host);

        Path older = Files.createDirectories(temp.resolve("older"));
        buildPluginJar(older.resolve("pipe.jar"), "pipe", Optional.of(host.major() + ".0"));
        assertThat(FormatRegistry.discover(getClass().getClassLoader(), List.of(older)).contains("pipe")).isTrue();
    }

    @Test
    void dropInWithoutAnSpiVersionIsRefusedNamingTheManifestAttribute() throws Exception {
        Path plugins = Files.createDirectories(temp.resolve("plugins"));
        Path jar = buildPluginJar(plugins.resolve("pipe.jar"), "pipe", Optional.empty());
        assertThatThrownBy(() -> FormatRegistry.discover(getClass().getClassLoader(), List.of(plugins)))
                .hasMessageStartingWith("The plugin JAR " + jar + " does not say which Minerva SPI it was built for")
                .hasMessageContaining("Minerva-SPI-Version")
                .hasMessageContaining("This Minerva has SPI " + SpiVersion.current());
    }

    @Test
    void dropInWithAMalformedSpiVersionIsRefusedSayingWhatIsValid() throws Exception {
        Path plugins = Files.createDirectories(temp.resolve("plugins"));
        buildPluginJar(plugins.resolve("pipe.jar"), "pipe", Optional.of("one"));
        assertThatThrownBy(() -> FormatRegistry.discover(getClass().getClassLoader(), List.of(plugins)))
                .hasMessageContaining("declares Minerva-SPI-Version 'one'; expected MAJOR.MINOR such as " + SpiVersion.current());
    }

    @Test
    void dropInThatNeedsAHostClassFailsSayingToBundleIt() throws Exception {
        Path plugins = Files.createDirectories(temp.resolve("plugins"));
        String source = """
                package example;

                import dev.minerva.spi.*;
                import java.util.List;

                public final class NeedyFormatFactory implements LogFormatFactory {
                    private final Object registry = dev.minerva.core.format.FormatRegistry.discover();
                    public String name() { return "needy"; }
                    public String description() { return "uses the host's core"; }
                    public String defaultTag() { return "needy"; }
                    public List<OptionSpec> options() { return List.of(); }
                    public LogFormat create(FormatOptions options) { return (input, sink) -> { }; }
                }
                """;
        Path jar = packPluginJar(plugins.resolve("needy.jar"), Map.of("example/NeedyFormatFactory.java", source), "example.NeedyFormatFactory",
                Optional.of(SpiVersion.current().toString()), hostClassPath());
        assertThatThrownBy(() -> FormatRegistry.discover(getClass().getClassLoader(), List.of(plugins)))
                .isInstanceOf(MinervaException.class)
                .hasMessageContaining(jar.toString())
                .hasMessageContaining("dev/minerva/core/format/FormatRegistry")
                .hasMessageContaining("bundle (shade, with relocation) every other library it uses");
    }

    @Test
    void jarWithoutAServiceFileInAPluginsDirectoryIsPassedOver() throws Exception {
        Path plugins = Files.createDirectories(temp.resolve("plugins"));
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(plugins.resolve("some-library.jar")))) {
            jar.putNextEntry(new JarEntry("lib/readme.txt"));
            jar.write("not a plugin".getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
        }
        assertThat(FormatRegistry.discover(getClass().getClassLoader(), List.of(plugins)).availableNames()).isEqualTo("test-lines");
    }

    @Test
    void pluginJarThatIsAlsoOnTheClassPathLoadsIsolatedOnlyAsALambdaLayerWould() throws Exception {
        Path plugins = Files.createDirectories(temp.resolve("opt-java-lib"));
        Path jar = buildPluginJar(plugins.resolve("pipe.jar"), "pipe");
        try (URLClassLoader classPath = new URLClassLoader(new URL[] {jar.toUri().toURL()}, getClass().getClassLoader())) {
            assertThat(FormatRegistry.discover(classPath, List.of()).provider("pipe").dropIn()).as("on the class path alone").isFalse();

            FormatProvider provider = FormatRegistry.discover(classPath, List.of(plugins)).provider("pipe");
            assertThat(provider.dropIn()).isTrue();
            assertThat(provider.origin()).isEqualTo(jar.toAbsolutePath().toString());
            assertThatThrownBy(() -> provider.factory().getClass().getClassLoader().loadClass(FormatRegistry.class.getName()))
                    .isInstanceOf(ClassNotFoundException.class);
        }
    }

    /** Asks the plugin's own code whether it can resolve {@code className}, as a plugin calling Class.forName would. */
    private static boolean visibleFromPlugin(LogFormatFactory factory, String className) throws Exception {
        Method visible = factory.getClass().getMethod("visible", String.class);
        return (Boolean) visible.invoke(null, className);
    }

    private Path buildPluginJar(Path jar, String name) throws IOException, URISyntaxException {
        return buildPluginJar(jar, name, Optional.of(SpiVersion.current().toString()));
    }

    /**
     * Compiles a small format and a helper class it bundles against the SPI alone and packs them as a plugin JAR with
     * its service file and, when given, the SPI version in its manifest.
     */
    private Path buildPluginJar(Path jar, String name, Optional<String> spiVersion) throws IOException, URISyntaxException {
        String factory = """
                package example;

                import dev.minerva.spi.*;
                import example.lib.Splitter;
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
                                String[] p = Splitter.split(line.text());
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

                    public static boolean visible(String className) {
                        try {
                            Class.forName(className);
                            return true;
                        } catch (ClassNotFoundException e) {
                            return false;
                        }
                    }
                }
                """.formatted(name);
        String splitter = """
                package example.lib;

                public final class Splitter {
                    public static String[] split(String text) { return text.split("\\\\|"); }
                }
                """;
        return packPluginJar(jar, Map.of("example/PipeFormatFactory.java", factory, "example/lib/Splitter.java", splitter),
                "example.PipeFormatFactory", spiVersion, spiClassPath());
    }

    private Path packPluginJar(Path jar, Map<String, String> sources, String factoryClass, Optional<String> spiVersion, String classPath)
            throws IOException {
        Path src = temp.resolve("src-" + jar.getParent().getFileName() + "-" + jar.getFileName());
        Path classes = Files.createDirectories(temp.resolve("classes-" + jar.getParent().getFileName() + "-" + jar.getFileName()));
        List<String> arguments = new ArrayList<>(List.of("--release", "17", "-classpath", classPath, "-d", classes.toString()));
        for (Map.Entry<String, String> source : sources.entrySet()) {
            Path file = src.resolve(source.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, source.getValue());
            arguments.add(file.toString());
        }
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        int status = compiler.run(null, null, null, arguments.toArray(String[]::new));
        assertThat(status).as("plugin compiles").isZero();
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        spiVersion.ifPresent(v -> manifest.getMainAttributes().putValue(SpiVersion.MANIFEST_ATTRIBUTE, v));
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out, manifest);
                Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                jarOut.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                jarOut.write(Files.readAllBytes(file));
                jarOut.closeEntry();
            }
            jarOut.putNextEntry(new JarEntry(FormatRegistry.SERVICE_FILE));
            jarOut.write((factoryClass + "\n").getBytes(StandardCharsets.UTF_8));
            jarOut.closeEntry();
        }
        return jar;
    }

    private static String spiClassPath() throws URISyntaxException {
        return Path.of(LogFormatFactory.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    /** The SPI and core, for a plugin that wrongly compiles against the host. */
    private static String hostClassPath() throws URISyntaxException {
        return spiClassPath() + File.pathSeparator
                + Path.of(FormatRegistry.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }
}
