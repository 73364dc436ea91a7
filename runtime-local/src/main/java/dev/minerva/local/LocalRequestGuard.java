package dev.minerva.local;

import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.HttpExchange;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What {@code minerva serve} refuses before any handler runs, because the server has no authentication of its own
 * and holds security logs:
 * <ul>
 * <li>a {@code Host} that is not this machine's loopback name or address (or one the user allowed): a web page
 *     whose DNS name was rebound to 127.0.0.1 sends its own name, so it cannot read searches through the browser;</li>
 * <li>a state-changing request (anything but GET, HEAD, OPTIONS) whose {@code Origin} is not this server, or that the
 *     browser marks as cross-site ({@code Sec-Fetch-Site}): a page elsewhere cannot start or cancel searches;</li>
 * <li>request headers larger than {@link #MAX_HEADER_BYTES} in all.</li>
 * </ul>
 * No response carries a CORS grant, so browsers keep other origins from reading answers.
 */
final class LocalRequestGuard {
    /** A search request's headers are a few hundred bytes; browsers send at most a few kilobytes. */
    static final int MAX_HEADER_BYTES = 16 * 1024;

    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]", "::1");
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    private final Set<String> hosts;

    /** @param allowedHosts host names accepted besides the loopback ones (such as a name in /etc/hosts), lower-case */
    LocalRequestGuard(List<String> allowedHosts, String bindAddress) {
        requireNonNull(allowedHosts, "allowedHosts is null");
        Set<String> all = new TreeSet<>(LOOPBACK);
        for (String host : allowedHosts) {
            all.add(host.strip().toLowerCase(Locale.ROOT));
        }
        all.add(requireNonNull(bindAddress, "bindAddress is null").toLowerCase(Locale.ROOT));
        this.hosts = Set.copyOf(all);
    }

    /** A refusal: the HTTP status and why. */
    record Refusal(int status, String message) {
        Refusal {
            requireNonNull(message, "message is null");
        }
    }

    /** Why {@code exchange} must be refused, or empty when it may be served. */
    Optional<Refusal> check(HttpExchange exchange) {
        return check(exchange.getRequestMethod(), exchange.getRequestHeaders());
    }

    Optional<Refusal> check(String method, Map<String, List<String>> headers) {
        long headerBytes = 0;
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            for (String value : header.getValue()) {
                headerBytes += header.getKey().length() + value.length() + 4;
            }
        }
        if (headerBytes > MAX_HEADER_BYTES) {
            return Optional.of(new Refusal(431, "Request headers are " + headerBytes + " bytes, over the limit of " + MAX_HEADER_BYTES));
        }
        String host = first(headers, "Host");
        if (host == null || !hosts.contains(hostName(host))) {
            return Optional.of(new Refusal(403, "Host '" + host + "' is not this server: minerva serve answers only "
                    + String.join(", ", hosts) + " (add a name with --allow-host NAME)"));
        }
        if (!SAFE_METHODS.contains(method.toUpperCase(Locale.ROOT))) {
            String fetchSite = first(headers, "Sec-Fetch-Site");
            if (fetchSite != null && fetchSite.equalsIgnoreCase("cross-site")) {
                return Optional.of(new Refusal(403, "Cross-site " + method + " refused: the request came from another site's page"));
            }
            String origin = first(headers, "Origin");
            if (origin != null && !sameServer(origin, host)) {
                return Optional.of(new Refusal(403, "Origin '" + origin + "' may not " + method + " here: only pages served by "
                        + "this server may change state"));
            }
        }
        return Optional.empty();
    }

    /** Whether {@code origin} is this server: http, an accepted host, and the port the request was sent to. */
    private boolean sameServer(String origin, String host) {
        try {
            URI uri = URI.create(origin);
            if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
                return false;
            }
            String originHost = uri.getHost().toLowerCase(Locale.ROOT);
            int originPort = uri.getPort() < 0 ? 80 : uri.getPort();
            return hosts.contains(originHost) && originPort == port(host);
        } catch (IllegalArgumentException e) {
            return false; // "null" (a sandboxed frame, a file: page) and anything unparsable
        }
    }

    private static String first(Map<String, List<String>> headers, String name) {
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            if (header.getKey().equalsIgnoreCase(name) && !header.getValue().isEmpty()) {
                return header.getValue().get(0).strip();
            }
        }
        return null;
    }

    /** The name part of a Host header: {@code 127.0.0.1:8080} → {@code 127.0.0.1}, {@code [::1]:80} → {@code [::1]}. */
    static String hostName(String host) {
        String lower = host.strip().toLowerCase(Locale.ROOT);
        if (lower.startsWith("[")) {
            int end = lower.indexOf(']');
            return end < 0 ? lower : lower.substring(0, end + 1);
        }
        int colon = lower.indexOf(':');
        return colon < 0 ? lower : lower.substring(0, colon);
    }

    private static int port(String host) {
        String lower = host.strip();
        int bracket = lower.lastIndexOf(']');
        int colon = lower.lastIndexOf(':');
        if (colon > bracket && colon >= 0) {
            try {
                return Integer.parseInt(lower.substring(colon + 1));
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        return 80;
    }
}
