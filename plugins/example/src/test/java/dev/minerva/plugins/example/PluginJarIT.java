package dev.minerva.plugins.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.minerva.core.format.FormatProvider;
import dev.minerva.core.format.FormatRegistry;
import dev.minerva.core.format.OptionBinder;
import dev.minerva.core.format.SpiVersion;
import dev.minerva.core.input.LogObjectParser;
import dev.minerva.spi.LogFormatFactory;
import dev.minerva.spi.LogRecord;
import dev.minerva.spi.Position;
import dev.minerva.spi.RecordSink;
import dev.minerva.spi.Rejection;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.JarFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged drop-in JAR, loaded through the registry as {@code --plugins DIR} loads it. */
class PluginJarIT {
    @TempDir
    Path plugins;

    private Path jar;
    private FormatProvider provider;

    @BeforeEach
    void loadThePackagedJar() throws IOException {
        Path built = Path.of(System.getProperty("minerva.plugin.jar", "target/minerva-plugin-example-plugin.jar"));
        assertThat(built).as("the drop-in JAR built by the package phase").isRegularFile();
        jar = Files.copy(built, plugins.resolve(built.getFileName()));
        provider = FormatRegistry.discover(hostWithoutThisModule(), List.of(plugins)).provider("logfmt");
    }

    @Test
    void theJarDeclaresTheSpiVersionItWasBuiltFor() throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            assertThat(file.getManifest().getMainAttributes().getValue(SpiVersion.MANIFEST_ATTRIBUTE)).isEqualTo(SpiVersion.current().toString());
        }
    }

    @Test
    void theFormatComesFromTheJarAndParsesWithItsBundledToolkit() throws IOException {
        assertThat(provider.dropIn()).isTrue();
        assertThat(provider.origin()).isEqualTo(jar.toAbsolutePath().toString());
        LogFormatFactory factory = provider.factory();
        List<LogRecord> records = new ArrayList<>();
        List<Rejection> rejections = new ArrayList<>();
        LogObjectParser.parse("logfmt", factory.create(OptionBinder.bind(factory, Map.of("timestamp-format", "epoch-millis"), k -> "")),
                "file:/x.log", "logfmt", 1000, Optional.empty(),
                new ByteArrayInputStream("time=1714979289123 user=alice\nuser=bob\n".getBytes(StandardCharsets.UTF_8)), new RecordSink() {
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
        assertThat(records).singleElement().satisfies(r -> assertThat(r.fields()).containsEntry("user", "alice"));
        assertThat(rejections).singleElement().satisfies(r -> assertThat(r.reason()).isEqualTo("no timestamp: key 'time' is missing"));
    }

    @Test
    void theJarLoadsItsRelocatedLibrariesAndNoneOfTheHosts() throws ClassNotFoundException {
        ClassLoader loader = provider.factory().getClass().getClassLoader();
        assertThat(loader.loadClass("dev.minerva.plugins.example.shaded.toolkit.TimestampFormat").getClassLoader()).isSameAs(loader);
        assertThat(loader.loadClass("dev.minerva.plugins.example.shaded.jackson.core.JsonFactory").getClassLoader()).isSameAs(loader);
        for (String hostClass : List.of("dev.minerva.toolkit.TimestampFormat", "com.fasterxml.jackson.core.JsonFactory",
                "com.fasterxml.jackson.databind.ObjectMapper", FormatRegistry.class.getName())) {
            assertThat(Class.forName(hostClass, false, getClass().getClassLoader())).as("the host has " + hostClass).isNotNull();
            assertThatThrownBy(() -> loader.loadClass(hostClass)).as(hostClass).isInstanceOf(ClassNotFoundException.class);
        }
    }

    /**
     * This test's class loader, minus this module's own service file: its classes or plain JAR are on the test class path, and
     * the host under test must find logfmt in the JAR only.
     */
    private static ClassLoader hostWithoutThisModule() {
        return new ClassLoader(PluginJarIT.class.getClassLoader()) {
            @Override
            public Enumeration<URL> getResources(String name) throws IOException {
                List<URL> urls = new ArrayList<>(Collections.list(super.getResources(name)));
                urls.removeIf(url -> url.toString().contains("/plugins/example/target/"));
                return Collections.enumeration(urls);
            }
        };
    }
}
