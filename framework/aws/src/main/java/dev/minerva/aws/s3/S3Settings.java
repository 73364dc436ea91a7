package dev.minerva.aws.s3;

import static java.util.Objects.requireNonNull;

import dev.minerva.spi.MinervaException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How to reach S3: an optional region (else the SDK's default region chain), an optional endpoint override for
 * S3-compatible stores, and path-style addressing.
 */
// A class rather than a record: the optional parts are absent values, and accessors return Optional, not null.
public final class S3Settings {
    public static final String ENDPOINT_VARIABLE = "MINERVA_S3_ENDPOINT";
    public static final String PATH_STYLE_VARIABLE = "MINERVA_S3_PATH_STYLE";
    public static final String REGION_VARIABLE = "AWS_REGION";

    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z0-9]+)+");
    private static final S3Settings DEFAULTS = new S3Settings(null, null, false);

    private final String region;
    private final URI endpoint;
    private final boolean pathStyle;

    private S3Settings(String region, URI endpoint, boolean pathStyle) {
        this.region = region;
        this.endpoint = endpoint;
        this.pathStyle = pathStyle;
    }

    /** Real S3, the region from the SDK's default chain, virtual-hosted addressing. */
    public static S3Settings defaults() {
        return DEFAULTS;
    }

    /** Reads {@value #ENDPOINT_VARIABLE}, {@value #PATH_STYLE_VARIABLE} and {@value #REGION_VARIABLE}. */
    public static S3Settings fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /** Like {@link #fromEnvironment()} from the given variables; blank values count as unset. */
    public static S3Settings fromEnvironment(Map<String, String> variables) {
        requireNonNull(variables, "variables is null");
        S3Settings settings = DEFAULTS;
        String region = blankToNull(variables.get(REGION_VARIABLE));
        if (region != null) {
            settings = settings.withRegion(region, REGION_VARIABLE);
        }
        String endpoint = blankToNull(variables.get(ENDPOINT_VARIABLE));
        if (endpoint != null) {
            settings = settings.withEndpoint(parseEndpoint(endpoint, ENDPOINT_VARIABLE));
        }
        String pathStyle = blankToNull(variables.get(PATH_STYLE_VARIABLE));
        if (pathStyle != null) {
            settings = settings.withPathStyle(parseBoolean(pathStyle, PATH_STYLE_VARIABLE));
        }
        return settings;
    }

    /** These settings with a fixed region such as {@code eu-west-1}. */
    public S3Settings withRegion(String region) {
        return withRegion(region, "region");
    }

    /** These settings talking to {@code endpoint} (an http or https URL) instead of AWS. */
    public S3Settings withEndpoint(URI endpoint) {
        requireNonNull(endpoint, "endpoint is null");
        return new S3Settings(region, checkEndpoint(endpoint, endpoint.toString(), "endpoint"), pathStyle);
    }

    /** These settings with path-style ({@code http://host/bucket/key}) addressing on or off. */
    public S3Settings withPathStyle(boolean pathStyle) {
        return new S3Settings(region, endpoint, pathStyle);
    }

    public Optional<String> region() {
        return Optional.ofNullable(region);
    }

    public Optional<URI> endpoint() {
        return Optional.ofNullable(endpoint);
    }

    public boolean pathStyle() {
        return pathStyle;
    }

    private S3Settings withRegion(String region, String source) {
        requireNonNull(region, "region is null");
        if (!REGION.matcher(region).matches()) {
            throw MinervaException.userInput("Invalid AWS region '" + region + "' in " + source
                    + ": expected a region code such as us-east-1 or eu-west-1");
        }
        return new S3Settings(region, endpoint, pathStyle);
    }

    private static URI parseEndpoint(String text, String source) {
        try {
            return checkEndpoint(new URI(text), text, source);
        } catch (URISyntaxException e) {
            throw invalidEndpoint(text, source);
        }
    }

    private static URI checkEndpoint(URI uri, String text, String source) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean valid = (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null
                && uri.getQuery() == null && uri.getFragment() == null;
        if (!valid) {
            throw invalidEndpoint(text, source);
        }
        return uri;
    }

    private static MinervaException invalidEndpoint(String text, String source) {
        return MinervaException.userInput("Invalid S3 endpoint '" + text + "' in " + source
                + ": expected an http:// or https:// URL with a host, such as http://127.0.0.1:9000");
    }

    private static boolean parseBoolean(String text, String source) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw MinervaException.userInput("Invalid value '" + text + "' for " + source
                    + ": expected true or false");
        };
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof S3Settings that && Objects.equals(region, that.region)
                && Objects.equals(endpoint, that.endpoint) && pathStyle == that.pathStyle;
    }

    @Override
    public int hashCode() {
        return Objects.hash(region, endpoint, pathStyle);
    }

    @Override
    public String toString() {
        return "S3Settings[region=" + (region == null ? "<default chain>" : region)
                + ", endpoint=" + (endpoint == null ? "<AWS>" : endpoint) + ", pathStyle=" + pathStyle + "]";
    }
}
