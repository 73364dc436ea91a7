package dev.minerva.aws.athena;

import static java.util.Objects.requireNonNull;

import dev.minerva.aws.s3.S3Location;
import dev.minerva.spi.MinervaException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where and how Minerva runs Athena queries: the workgroup, the S3 prefix for query results and kept search keys,
 * the Glue catalog and database holding the warehouse tables, and how to poll and page.
 */
// A class rather than a record: region and endpoint are absent values, and accessors return Optional, not null.
public final class AthenaSettings {
    /** The Athena workgroup every query runs in (its engine version must be 3). */
    public static final String WORKGROUP_VARIABLE = "MINERVA_ATHENA_WORKGROUP";
    /** {@code s3://bucket/prefix/}: query results, and each search's keys and request under {@code searches/}. */
    public static final String OUTPUT_VARIABLE = "MINERVA_ATHENA_OUTPUT";
    /** The Glue database of {@code minerva_terms}, {@code minerva_messages} and {@code minerva_search_keys}. */
    public static final String DATABASE_VARIABLE = "MINERVA_ATHENA_DATABASE";
    /** Optional: the data catalog, {@code AwsDataCatalog} unless set. */
    public static final String CATALOG_VARIABLE = "MINERVA_ATHENA_CATALOG";
    /** Optional: an endpoint override (an Athena emulator in tests). */
    public static final String ENDPOINT_VARIABLE = "MINERVA_ATHENA_ENDPOINT";
    /** Optional: the region, else the SDK's default chain. */
    public static final String REGION_VARIABLE = "AWS_REGION";
    public static final String DEFAULT_CATALOG = "AwsDataCatalog";
    /** The most rows one GetQueryResults call returns. */
    public static final int MAX_PAGE_SIZE = 1000;

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]{0,127}");
    private static final Pattern DATABASE = Pattern.compile("[a-z_][a-z0-9_]{0,254}");
    // The catalog is written unquoted in SQL (TrinoDialect), so it must be a plain identifier.
    private static final Pattern CATALOG = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");

    private final String workgroup;
    private final S3Location output;
    private final String catalog;
    private final String database;
    private final String region;
    private final URI endpoint;
    private final int pageSize;
    private final Duration firstPoll;
    private final Duration maxPoll;

    private AthenaSettings(String workgroup, S3Location output, String catalog, String database, String region,
            URI endpoint, int pageSize, Duration firstPoll, Duration maxPoll) {
        this.workgroup = workgroup;
        this.output = output;
        this.catalog = catalog;
        this.database = database;
        this.region = region;
        this.endpoint = endpoint;
        this.pageSize = pageSize;
        this.firstPoll = firstPoll;
        this.maxPoll = maxPoll;
    }

    /**
     * Settings with the default catalog, the SDK's region and endpoint, pages of {@value #MAX_PAGE_SIZE} rows and
     * polls every 100 ms at first, doubling up to 2 s (most searches finish within seconds; long ones cost few polls).
     */
    public static AthenaSettings of(String workgroup, S3Location output, String database) {
        return new AthenaSettings(check(workgroup, NAME, "workgroup"), checkOutput(output, "output"),
                DEFAULT_CATALOG, check(database, DATABASE, "database"), null, null, MAX_PAGE_SIZE,
                Duration.ofMillis(100), Duration.ofSeconds(2));
    }

    /** Reads the variables named by this class's constants; the workgroup, output and database are required. */
    public static AthenaSettings fromEnvironment(Map<String, String> variables) {
        requireNonNull(variables, "variables is null");
        String output = required(variables, OUTPUT_VARIABLE, "an S3 prefix such as s3://my-athena-results/minerva/");
        AthenaSettings settings = new AthenaSettings(
                check(required(variables, WORKGROUP_VARIABLE, "a workgroup name such as minerva"), NAME,
                        WORKGROUP_VARIABLE),
                checkOutput(S3Location.parse(output), OUTPUT_VARIABLE), DEFAULT_CATALOG,
                check(required(variables, DATABASE_VARIABLE, "a Glue database name such as minerva"), DATABASE,
                        DATABASE_VARIABLE),
                null, null, MAX_PAGE_SIZE, Duration.ofMillis(100), Duration.ofSeconds(2));
        String catalog = blankToNull(variables.get(CATALOG_VARIABLE));
        if (catalog != null) {
            settings = settings.withCatalog(check(catalog, CATALOG, CATALOG_VARIABLE));
        }
        String region = blankToNull(variables.get(REGION_VARIABLE));
        if (region != null) {
            settings = settings.withRegion(region);
        }
        String endpoint = blankToNull(variables.get(ENDPOINT_VARIABLE));
        if (endpoint != null) {
            try {
                settings = settings.withEndpoint(new URI(endpoint));
            } catch (URISyntaxException e) {
                throw MinervaException.userInput("Invalid " + ENDPOINT_VARIABLE + " '" + endpoint
                        + "': expected an http:// or https:// URL such as http://127.0.0.1:5000");
            }
        }
        return settings;
    }

    public AthenaSettings withCatalog(String newCatalog) {
        return new AthenaSettings(workgroup, output, check(newCatalog, CATALOG, "catalog"), database, region, endpoint,
                pageSize, firstPoll, maxPoll);
    }

    public AthenaSettings withRegion(String newRegion) {
        requireNonNull(newRegion, "newRegion is null");
        if (!newRegion.matches("[a-z]{2}(-[a-z0-9]+)+")) {
            throw MinervaException.userInput("Invalid AWS region '" + newRegion + "': expected a code such as "
                    + "us-east-1");
        }
        return new AthenaSettings(workgroup, output, catalog, database, newRegion, endpoint, pageSize, firstPoll,
                maxPoll);
    }

    public AthenaSettings withEndpoint(URI newEndpoint) {
        requireNonNull(newEndpoint, "newEndpoint is null");
        String scheme = String.valueOf(newEndpoint.getScheme()).toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || newEndpoint.getHost() == null) {
            throw MinervaException.userInput("Invalid Athena endpoint '" + newEndpoint
                    + "': expected an http:// or https:// URL such as http://127.0.0.1:5000");
        }
        return new AthenaSettings(workgroup, output, catalog, database, region, newEndpoint, pageSize, firstPoll,
                maxPoll);
    }

    /** Rows per GetQueryResults call, 1 to {@value #MAX_PAGE_SIZE}. */
    public AthenaSettings withPageSize(int newPageSize) {
        if (newPageSize < 1 || newPageSize > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("page size must be 1.." + MAX_PAGE_SIZE + ": " + newPageSize);
        }
        return new AthenaSettings(workgroup, output, catalog, database, region, endpoint, newPageSize, firstPoll,
                maxPoll);
    }

    /** The first wait between polls of a running query, doubling up to {@code newMaxPoll}. */
    public AthenaSettings withPolling(Duration newFirstPoll, Duration newMaxPoll) {
        requireNonNull(newFirstPoll, "newFirstPoll is null");
        requireNonNull(newMaxPoll, "newMaxPoll is null");
        if (newFirstPoll.isNegative() || newFirstPoll.isZero() || newMaxPoll.compareTo(newFirstPoll) < 0) {
            throw new IllegalArgumentException("polling needs 0 < first <= max: " + newFirstPoll + ", " + newMaxPoll);
        }
        return new AthenaSettings(workgroup, output, catalog, database, region, endpoint, pageSize, newFirstPoll,
                newMaxPoll);
    }

    public String workgroup() {
        return workgroup;
    }

    /** The result prefix, always ending in '/'. */
    public S3Location output() {
        return output;
    }

    public String catalog() {
        return catalog;
    }

    public String database() {
        return database;
    }

    public Optional<String> region() {
        return Optional.ofNullable(region);
    }

    public Optional<URI> endpoint() {
        return Optional.ofNullable(endpoint);
    }

    public int pageSize() {
        return pageSize;
    }

    public Duration firstPoll() {
        return firstPoll;
    }

    public Duration maxPoll() {
        return maxPoll;
    }

    private static String required(Map<String, String> variables, String name, String example) {
        String value = blankToNull(variables.get(name));
        if (value == null) {
            throw MinervaException.userInput("Environment variable " + name + " is not set: expected " + example);
        }
        return value;
    }

    private static String check(String value, Pattern pattern, String source) {
        requireNonNull(value, source + " is null");
        if (!pattern.matcher(value).matches()) {
            throw MinervaException.userInput("Invalid " + source + " '" + value + "': expected "
                    + (pattern == DATABASE ? "lower-case letters, digits and underscores"
                            : pattern == CATALOG ? "letters, digits and underscores"
                            : "letters, digits, '_' and '-', starting with a letter"));
        }
        return value;
    }

    private static S3Location checkOutput(S3Location output, String source) {
        requireNonNull(output, source + " is null");
        if (output.key().contains("'")) {
            // The prefix becomes a literal in UNLOAD and CTAS statements, which take no parameters for locations.
            throw MinervaException.userInput("Invalid " + source + " '" + output + "': no quotes in the prefix");
        }
        return output.asPrefix();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    @Override
    public String toString() {
        return "AthenaSettings[workgroup=" + workgroup + ", output=" + output + ", catalog=" + catalog
                + ", database=" + database + ", region=" + (region == null ? "<default chain>" : region)
                + ", endpoint=" + (endpoint == null ? "<AWS>" : endpoint) + "]";
    }
}
