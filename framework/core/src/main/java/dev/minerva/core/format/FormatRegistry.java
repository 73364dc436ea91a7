package dev.minerva.core.format;

import static java.util.Objects.requireNonNull;

import dev.minerva.core.CoreErrorCode;
import dev.minerva.spi.ErrorKind;
import dev.minerva.spi.ErrorLocation;
import dev.minerva.spi.LogFormatFactory;
import dev.minerva.spi.MinervaException;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log formats available to this process: every {@link LogFormatFactory} on the class path (the bundled formats),
 * plus those in drop-in plugin JARs. Start-up fails loudly when two providers claim one name.
 *
 * <p>Each drop-in JAR gets its own {@link PluginClassLoader}, which shares only {@code dev.minerva.spi} (and SLF4J's
 * API) with the host, so a plugin sees neither the host's libraries nor other plugins. A drop-in JAR declares the SPI
 * version it was built for in its manifest ({@value SpiVersion#MANIFEST_ATTRIBUTE}); a JAR built for an SPI this host
 * cannot run is refused with what to do. Formats on the class path are exempt from that check: the build that put
 * them there compiled them against this very SPI, and a shaded runtime JAR keeps no per-plugin manifest to read.
 * A JAR in a plugin directory that also sits on the class path (Lambda puts layer JARs in {@code /opt/java/lib} on
 * both) is loaded as a drop-in only.
 */
public final class FormatRegistry {
    /** The service file a plugin JAR lists its factories in. */
    static final String SERVICE_FILE = "META-INF/services/" + LogFormatFactory.class.getName();

    private static final Logger LOG = LoggerFactory.getLogger(FormatRegistry.class);
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

    private final Map<String, FormatProvider> providers;

    private FormatRegistry(Map<String, FormatProvider> providers) {
        this.providers = providers;
    }

    /** Discovers the formats on the class path of {@code host} and in the JARs of each plugin directory. */
    public static FormatRegistry discover(ClassLoader host, List<Path> pluginDirectories) {
        requireNonNull(host, "host is null");
        List<Path> dropIns = new ArrayList<>();
        for (Path directory : pluginDirectories) {
            dropIns.addAll(pluginJarsIn(directory));
        }
        Set<Path> dropInFiles = dropIns.stream().map(FormatRegistry::canonical).collect(Collectors.toSet());
        Map<String, FormatProvider> found = new TreeMap<>();
        for (LogFormatFactory factory : loadFromClassPath(host, dropInFiles)) {
            register(found, factory, originOf(factory.getClass()).map(Path::toString).orElse("the class path"), false);
        }
        SpiVersion hostVersion = dropIns.isEmpty() ? null : SpiVersion.current();
        for (Path jar : dropIns) {
            checkSpiVersion(jar, hostVersion);
            PluginClassLoader loader = new PluginClassLoader("minerva-plugin:" + jar.getFileName(), toUrl(jar), host);
            String origin = jar.toAbsolutePath().normalize().toString();
            for (LogFormatFactory factory : load(ServiceLoader.load(LogFormatFactory.class, loader), jar.toString())) {
                // The loader sees no other JAR's service file; this only guards against a provider it merely re-exported.
                if (factory.getClass().getClassLoader() == loader) {
                    register(found, factory, origin, true);
                }
            }
        }
        return new FormatRegistry(Map.copyOf(found));
    }

    /** Discovers the formats on this class's class path only. */
    public static FormatRegistry discover() {
        return discover(FormatRegistry.class.getClassLoader(), List.of());
    }

    /** The provider of {@code name}; the error lists the available names. */
    public FormatProvider provider(String name) {
        FormatProvider provider = providers.get(name);
        if (provider == null) {
            throw new MinervaException(CoreErrorCode.UNKNOWN_FORMAT, "No log format '" + name + "'. Available formats: " + availableNames());
        }
        return provider;
    }

    public LogFormatFactory factory(String name) {
        return provider(name).factory();
    }

    public boolean contains(String name) {
        return providers.containsKey(name);
    }

    /** All providers, sorted by name. */
    public List<FormatProvider> providers() {
        return providers.values().stream().sorted((a, b) -> a.name().compareTo(b.name())).toList();
    }

    /** The names, sorted and comma-separated, for error messages. */
    public String availableNames() {
        Collection<String> names = providers.keySet().stream().sorted().toList();
        return names.isEmpty() ? "(none: no plugin is on the class path or in the plugins directory)" : String.join(", ", names);
    }

    private static List<LogFormatFactory> loadFromClassPath(ClassLoader host, Set<Path> dropInFiles) {
        List<LogFormatFactory> factories = new ArrayList<>();
        try {
            for (ServiceLoader.Provider<LogFormatFactory> provider : ServiceLoader.load(LogFormatFactory.class, host).stream().toList()) {
                Optional<Path> file = originOf(provider.type());
                if (file.isPresent() && dropInFiles.contains(canonical(file.get()))) {
                    continue;
                }
                factories.add(provider.get());
            }
        } catch (ServiceConfigurationError | LinkageError e) {
            throw cannotLoad("the class path", e);
        }
        return factories;
    }

    private static List<LogFormatFactory> load(ServiceLoader<LogFormatFactory> loader, String where) {
        List<LogFormatFactory> factories = new ArrayList<>();
        try {
            for (LogFormatFactory factory : loader) {
                factories.add(factory);
            }
        } catch (ServiceConfigurationError | LinkageError e) {
            throw cannotLoad(where, e);
        }
        return factories;
    }

    private static MinervaException cannotLoad(String where, Throwable e) {
        String message = "Cannot load a log-format plugin from " + where + ": " + e.getMessage();
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof NoClassDefFoundError || cause instanceof ClassNotFoundException) {
                message += ". It needs a class it does not bundle (" + cause.getMessage() + "): a drop-in plugin sees only "
                        + "dev.minerva.spi, SLF4J's API and the JDK of its host, so bundle (shade, with relocation) every "
                        + "other library it uses into its JAR; plugins/example shows how";
                break;
            }
        }
        return new MinervaException(CoreErrorCode.INVALID_PLUGIN, ErrorLocation.of(where), message, e);
    }

    private static void register(Map<String, FormatProvider> found, LogFormatFactory factory, String origin, boolean dropIn) {
        String name = factory.name();
        if (name == null || !NAME.matcher(name).matches()) {
            throw new MinervaException(CoreErrorCode.INVALID_PLUGIN, ErrorLocation.of(origin), "The log-format plugin " + factory.getClass().getName() + " in " + origin
                    + " has the invalid name '" + name + "'; names are lower-case words separated by dashes, like 'syslog-json'");
        }
        FormatProvider existing = found.get(name);
        if (existing != null) {
            throw new MinervaException(CoreErrorCode.INVALID_PLUGIN, ErrorLocation.of(origin), "Two plugins provide the log format '" + name + "': "
                    + existing.factory().getClass().getName() + " in " + existing.origin() + ", and "
                    + factory.getClass().getName() + " in " + origin + ". Remove one of them.");
        }
        found.put(name, new FormatProvider(name, factory, origin, dropIn));
    }

    /** The JAR or classes directory a class was loaded from, when it has one. */
    private static Optional<Path> originOf(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Path.of(source.getLocation().toURI()));
        } catch (URISyntaxException | IllegalArgumentException | FileSystemNotFoundException e) {
            return Optional.empty();
        }
    }

    private static Path canonical(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path.toAbsolutePath().normalize();
        }
    }

    /**
     * The JARs of a plugin directory that list a log-format factory. Other JARs are passed over with a note in the
     * log: {@code /opt/java/lib} on Lambda also holds the libraries of layers that are not format plugins.
     */
    private static List<Path> pluginJarsIn(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new MinervaException(CoreErrorCode.LOCATION_NOT_FOUND, ErrorLocation.of(directory.toString()), "The plugins directory " + directory + " does not exist or is not a directory");
        }
        List<Path> jars;
        try (Stream<Path> files = Files.list(directory)) {
            jars = files.filter(p -> p.getFileName().toString().endsWith(".jar") && Files.isRegularFile(p)).sorted().toList();
        } catch (IOException e) {
            throw new MinervaException(CoreErrorCode.STORAGE_FAILED, ErrorLocation.of(directory.toString()), "Cannot list the plugins directory " + directory + ": " + e.getMessage(), e);
        }
        List<Path> plugins = new ArrayList<>();
        for (Path jar : jars) {
            try (JarFile file = new JarFile(jar.toFile())) {
                if (file.getEntry(SERVICE_FILE) != null) {
                    plugins.add(jar);
                } else {
                    LOG.info("{} in the plugins directory lists no log format ({} is missing); it is not loaded", jar, SERVICE_FILE);
                }
            } catch (IOException e) {
                throw new MinervaException(CoreErrorCode.INVALID_PLUGIN, ErrorLocation.of(jar.toString()), "The plugin JAR " + jar + " cannot be read as a JAR (" + e.getMessage()
                        + "); replace it with a JAR built by the plugin's build, or remove it from " + directory);
            }
        }
        return plugins;
    }

    /** Refuses a drop-in JAR built for an SPI this host cannot run, saying what the JAR needs and what to do. */
    private static void checkSpiVersion(Path jar, SpiVersion host) {
        String declared;
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            declared = manifest == null ? null : manifest.getMainAttributes().getValue(SpiVersion.MANIFEST_ATTRIBUTE);
        } catch (IOException e) {
            throw new MinervaException(CoreErrorCode.INVALID_PLUGIN, ErrorLocation.of(jar.toString()), "The plugin JAR " + jar + " cannot be read as a JAR (" + e.getMessage() + ")");
        }
        String rule = "A plugin runs on a host with the same SPI major version and the same or a later minor version.";
        if (declared == null) {
            throw new MinervaException(CoreErrorCode.INVALID_PLUGIN, ErrorLocation.of(jar.toString()), "The plugin JAR " + jar + " does not say which Minerva SPI it was built for: its "
                    + "manifest has no " + SpiVersion.MANIFEST_ATTRIBUTE + " attribute. This Minerva has SPI " + host + ". "
                    + "Rebuild the plugin with '" + SpiVersion.MANIFEST_ATTRIBUTE + ": " + host + "' in its manifest (plugins/example/pom.xml "
                    + "writes it from the minerva.spi.version property), or remove the JAR from the plugins directory.");
        }
        SpiVersion builtFor = SpiVersion.parse(declared).orElseThrow(() -> new MinervaException(CoreErrorCode.INVALID_PLUGIN, ErrorLocation.of(jar.toString()), "The plugin JAR " + jar
                + " declares " + SpiVersion.MANIFEST_ATTRIBUTE + " '" + declared + "'; expected MAJOR.MINOR such as " + host
                + ", the SPI version of this Minerva"));
        if (!host.runs(builtFor)) {
            String fix = builtFor.compareTo(host) > 0
                    ? "Upgrade Minerva to one with SPI " + builtFor.major() + "." + builtFor.minor() + " or later (within "
                            + builtFor.major() + ".x), or rebuild the plugin against SPI " + host + "."
                    : "Rebuild the plugin against SPI " + host + " (minerva-spi of this Minerva), or run it on a Minerva with SPI "
                            + builtFor.major() + ".x.";
            throw new MinervaException(CoreErrorCode.INVALID_PLUGIN, ErrorLocation.of(jar.toString()), "The plugin JAR " + jar + " was built for Minerva SPI " + builtFor
                    + ", but this Minerva has SPI " + host + ". " + rule + " " + fix);
        }
    }

    private static URL toUrl(Path jar) {
        try {
            return jar.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new MinervaException(ErrorKind.INTERNAL, "Cannot turn " + jar + " into a URL", e);
        }
    }
}
