package dev.minerva.core.storage;

import static java.util.Objects.requireNonNull;

import dev.minerva.core.CoreErrorCode;
import dev.minerva.core.index.LogObject;
import dev.minerva.core.index.LogObjectReader;
import dev.minerva.spi.MinervaException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The storage providers of a process, by scheme: the one place where a location's scheme is decided. A location
 * without a scheme ({@code logs/vpc}, {@code /data/minerva}) or with {@code file:} is local.
 */
public final class Storages implements LogObjectReader {
    /** The scheme of local paths. */
    public static final String FILE = "file";

    private static final Pattern SCHEME = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*)://");

    private final Map<String, StorageProvider> providers;

    /** The given providers; two for one scheme is a configuration bug. */
    public Storages(List<StorageProvider> providers) {
        Map<String, StorageProvider> byScheme = new TreeMap<>();
        for (StorageProvider provider : requireNonNull(providers, "providers is null")) {
            StorageProvider previous = byScheme.put(provider.scheme(), provider);
            if (previous != null) {
                throw new IllegalArgumentException("Two storage providers for scheme '" + provider.scheme() + "': "
                        + previous.getClass().getName() + " and " + provider.getClass().getName());
            }
        }
        this.providers = Map.copyOf(byScheme);
    }

    /** The lower-case scheme of a location: {@value #FILE} for paths without one. */
    public static String schemeOf(String location) {
        requireNonNull(location, "location is null");
        Matcher matcher = SCHEME.matcher(location);
        return matcher.find() ? matcher.group(1).toLowerCase(Locale.ROOT) : FILE;
    }

    /** True when the location is a local path (no scheme, or {@code file:}). */
    public static boolean isLocal(String location) {
        return schemeOf(location).equals(FILE);
    }

    /** The provider of the location's scheme, or a user error listing the schemes there are. */
    public StorageProvider forLocation(String location) {
        String scheme = schemeOf(location);
        StorageProvider provider = providers.get(scheme);
        if (provider == null) {
            throw MinervaException.userInput("Unsupported location '" + location + "': expected a local folder"
                    + remoteSchemes());
        }
        return provider;
    }

    /** The warehouse at {@code location}, after validating it. */
    public StorageProvider validated(String location) {
        if (requireNonNull(location, "location is null").isBlank()) {
            throw MinervaException.userInput("The location is empty: expected a local folder" + remoteSchemes());
        }
        StorageProvider provider = forLocation(location);
        provider.validate(location);
        return provider;
    }

    /** The log objects at each location, in the order given; a location that cannot be listed fails the call. */
    public List<LogObject> list(List<String> locations) {
        List<LogObject> objects = new ArrayList<>();
        for (String location : locations) {
            try {
                objects.addAll(validated(location).list(location));
            } catch (IOException e) {
                throw new MinervaException(CoreErrorCode.STORAGE_FAILED, "Cannot list " + location + ": " + e.getMessage(), e);
            }
        }
        return List.copyOf(objects);
    }

    @Override
    public InputStream open(LogObject object) throws IOException {
        return forLocation(requireNonNull(object, "object is null").location()).open(object);
    }

    private String remoteSchemes() {
        List<String> remote = providers.keySet().stream().filter(s -> !s.equals(FILE)).map(s -> s + "://bucket/prefix/")
                .toList();
        return remote.isEmpty() ? "" : " or " + String.join(", ", remote);
    }
}
