package dev.minerva.core.format;

import static java.util.Objects.requireNonNull;

import dev.minerva.core.CoreErrorCode;
import dev.minerva.spi.ErrorKind;
import dev.minerva.spi.ErrorLocation;
import dev.minerva.spi.LogFormatFactory;
import dev.minerva.spi.MinervaException;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The log formats available to this process: every {@link LogFormatFactory} on the class path, plus those in
 * drop-in plugin JARs. Each drop-in JAR gets its own class loader, so plugins cannot see one another. Start-up fails
 * loudly when two providers claim one name.
 */
public final class FormatRegistry {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

    private final Map<String, FormatProvider> providers;

    private FormatRegistry(Map<String, FormatProvider> providers) {
        this.providers = providers;
    }

    /** Discovers the formats on the class path of {@code parent} and in the JARs of each plugin directory. */
    public static FormatRegistry discover(ClassLoader parent, List<Path> pluginDirectories) {
        requireNonNull(parent, "parent is null");
        Map<String, FormatProvider> found = new TreeMap<>();
        for (LogFormatFactory factory : load(ServiceLoader.load(LogFormatFactory.class, parent), "the class path")) {
            register(found, factory, originOf(factory), false);
        }
        for (Path directory : pluginDirectories) {
            for (Path jar : jarsIn(directory)) {
                URLClassLoader loader = new URLClassLoader("minerva-plugin:" + jar.getFileName(), new URL[] {toUrl(jar)}, parent);
                for (LogFormatFactory factory : load(ServiceLoader.load(LogFormatFactory.class, loader), jar.toString())) {
                    // A child loader also sees the parent's services; those are registered already.
                    if (factory.getClass().getClassLoader() == loader) {
                        register(found, factory, jar.toAbsolutePath().normalize().toString(), true);
                    }
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

    private static List<LogFormatFactory> load(ServiceLoader<LogFormatFactory> loader, String where) {
        List<LogFormatFactory> factories = new ArrayList<>();
        try {
            for (LogFormatFactory factory : loader) {
                factories.add(factory);
            }
        } catch (ServiceConfigurationError e) {
            throw new MinervaException(CoreErrorCode.INVALID_PLUGIN, ErrorLocation.of(where), "Cannot load a log-format plugin from " + where + ": " + e.getMessage(), e);
        }
        return factories;
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

    private static String originOf(LogFormatFactory factory) {
        CodeSource source = factory.getClass().getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return "the class path";
        }
        try {
            return Path.of(source.getLocation().toURI()).toString();
        } catch (Exception e) {
            return source.getLocation().toString();
        }
    }

    private static List<Path> jarsIn(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new MinervaException(CoreErrorCode.LOCATION_NOT_FOUND, ErrorLocation.of(directory.toString()), "The plugins directory " + directory + " does not exist or is not a directory");
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new MinervaException(CoreErrorCode.STORAGE_FAILED, ErrorLocation.of(directory.toString()), "Cannot list the plugins directory " + directory + ": " + e.getMessage(), e);
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
