package dev.minerva.local;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The web UI's files, read from the {@code web/} folder on the class path (inside the JAR): {@code /} is
 * {@code index.html}, {@code /NAME.EXT} is {@code web/NAME.EXT} for the extensions listed here; anything else is
 * not an asset, so no request can name a file outside that folder.
 */
final class StaticAssets {
    /**
     * The policy every asset is sent with: only this origin's own scripts, styles, images and API; no inline script or
     * style, no framing, no form posts, no plugins. Log content is attacker-controlled: if the UI ever mis-renders a
     * value as markup, the browser still runs nothing from it.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static final Pattern NAME = Pattern.compile("/[a-z0-9][a-z0-9-]*\\.[a-z]{2,4}");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "json", "application/json; charset=utf-8",
            "png", "image/png");

    private final String folder;
    private final ClassLoader loader;
    private final Map<String, Optional<Asset>> cache = new ConcurrentHashMap<>();

    /** One file and the headers to send with it. */
    record Asset(byte[] body, Map<String, String> headers) {
        Asset {
            requireNonNull(body, "body is null");
            headers = Map.copyOf(headers);
        }

        /** The strong entity tag sent as {@code ETag}, for revalidation. */
        String etag() {
            return headers.get("ETag");
        }
    }

    StaticAssets() {
        this("web", StaticAssets.class.getClassLoader());
    }

    StaticAssets(String folder, ClassLoader loader) {
        this.folder = requireNonNull(folder, "folder is null");
        this.loader = requireNonNull(loader, "loader is null");
    }

    /** The asset a GET of {@code path} names, or empty when the path names none. */
    Optional<Asset> find(String path) {
        requireNonNull(path, "path is null");
        String name = path.equals("/") ? "/index.html" : path;
        if (path.equals("/index.html") || !NAME.matcher(name).matches()) {
            // One address per page: "/" is the UI (so shared links all look alike); /index.html is not an alias.
            return Optional.empty();
        }
        String extension = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        if (!TYPES.containsKey(extension)) {
            return Optional.empty();
        }
        return cache.computeIfAbsent(name, key -> load(key, TYPES.get(extension)));
    }

    private Optional<Asset> load(String name, String type) {
        try (InputStream in = loader.getResourceAsStream(folder + name)) {
            if (in == null) {
                return Optional.empty();
            }
            byte[] body = in.readAllBytes();
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Content-Type", type);
            // Revalidate every time (a 304 costs one round trip on loopback): a new JAR's UI is never mixed with an
            // old one's cached modules.
            headers.put("Cache-Control", "no-cache");
            headers.put("ETag", '"' + digest(body) + '"');
            headers.put("Content-Security-Policy", CONTENT_SECURITY_POLICY);
            headers.put("X-Content-Type-Options", "nosniff");
            headers.put("Referrer-Policy", "no-referrer");
            headers.put("X-Frame-Options", "DENY");
            return Optional.of(new Asset(body, headers));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the web UI's " + folder + name + " from the class path", e);
        }
    }

    private static String digest(byte[] body) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(body);
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** Whether an {@code If-None-Match} header value matches this asset (so a 304 will do). */
    static boolean matches(String ifNoneMatch, Asset asset) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String tag : ifNoneMatch.split(",")) {
            String t = tag.strip();
            if (t.equals("*") || t.equals(asset.etag()) || t.equals("W/" + asset.etag())) {
                return true;
            }
        }
        return false;
    }
}
