package dev.minerva.core.config;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/** The configured sources in file order; the first whose glob matches a location parses it. */
public final class SourceRoutes {
    /** Lines longer than this are rejected unless a source raises it: large enough for big CloudTrail records. */
    public static final int DEFAULT_MAX_ENTRY_BYTES = 4 * 1024 * 1024;

    private final List<SourceRoute> routes;
    private final String origin;

    public SourceRoutes(List<SourceRoute> routes, String origin) {
        this.routes = List.copyOf(requireNonNull(routes, "routes is null"));
        this.origin = requireNonNull(origin, "origin is null");
    }

    /** The first source matching {@code location}, or empty when no source does. */
    public Optional<SourceRoute> route(String location) {
        for (SourceRoute route : routes) {
            if (route.match().matches(location)) {
                return Optional.of(route);
            }
        }
        return Optional.empty();
    }

    public List<SourceRoute> routes() {
        return routes;
    }

    /** Where the routes were defined: a file name, or a description such as "--format vpcflow". */
    public String origin() {
        return origin;
    }
}
