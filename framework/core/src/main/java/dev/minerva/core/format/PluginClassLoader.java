package dev.minerva.core.format;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;

/**
 * The class loader of one drop-in plugin JAR. It shares only the plugin contract with the host: classes and
 * resources of {@code dev.minerva.spi} (and SLF4J's API, so a plugin's log lines follow the host's logging set-up)
 * come from the host; everything else comes from the plugin JAR, after the JDK's platform classes. A plugin
 * therefore cannot see the host's core, Jackson, Guice or AWS SDK, and bundles what it uses; two plugins may bundle
 * different versions of one library. Resources, {@code META-INF/services} files among them, are looked up in the
 * plugin JAR first.
 */
final class PluginClassLoader extends URLClassLoader {
    /** Packages (with their sub-packages) whose classes and resources the host supplies. */
    private static final List<String> SHARED_PACKAGE_PREFIXES = List.of("dev.minerva.spi.");
    /**
     * SLF4J's API packages, exactly: the SPI exposes no logging, so sharing the facade is only so that a plugin that
     * logs is heard. Its bindings (Logback, say) stay the host's business and invisible.
     */
    private static final Set<String> SHARED_PACKAGES = Set.of("org.slf4j", "org.slf4j.event", "org.slf4j.helpers", "org.slf4j.spi");

    static {
        ClassLoader.registerAsParallelCapable();
    }

    private final ClassLoader host;

    PluginClassLoader(String name, URL jar, ClassLoader host) {
        super(name, new URL[] {jar}, ClassLoader.getPlatformClassLoader());
        this.host = requireNonNull(host, "host is null");
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            Class<?> loaded = findLoadedClass(name);
            if (loaded == null) {
                loaded = isShared(name) ? host.loadClass(name) : ownOrPlatform(name);
            }
            if (resolve) {
                resolveClass(loaded);
            }
            return loaded;
        }
    }

    private Class<?> ownOrPlatform(String name) throws ClassNotFoundException {
        // The JDK first, so a plugin can never replace a java.* or javax.* class; then the plugin's own JAR.
        try {
            return getParent().loadClass(name);
        } catch (ClassNotFoundException notInTheJdk) {
            return findClass(name);
        }
    }

    @Override
    public URL getResource(String name) {
        if (isSharedResource(name)) {
            return host.getResource(name);
        }
        URL own = findResource(name);
        return own != null ? own : getParent().getResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        if (isSharedResource(name)) {
            return host.getResources(name);
        }
        List<URL> urls = new ArrayList<>(Collections.list(findResources(name)));
        urls.addAll(Collections.list(getParent().getResources(name)));
        return Collections.enumeration(urls);
    }

    static boolean isShared(String className) {
        int dot = className.lastIndexOf('.');
        String pkg = dot < 0 ? "" : className.substring(0, dot);
        return SHARED_PACKAGES.contains(pkg) || SHARED_PACKAGE_PREFIXES.stream().anyMatch(p -> className.startsWith(p));
    }

    private static boolean isSharedResource(String name) {
        // Only the shared packages' own files (their classes); a plugin's META-INF/services stay its own.
        String path = name.startsWith("/") ? name.substring(1) : name;
        int slash = path.lastIndexOf('/');
        return slash > 0 && isShared(path.substring(0, slash).replace('/', '.') + ".x");
    }
}
