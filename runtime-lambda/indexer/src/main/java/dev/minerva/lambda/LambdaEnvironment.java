package dev.minerva.lambda;

import static java.util.Objects.requireNonNull;

import dev.minerva.aws.s3.S3Settings;
import dev.minerva.core.warehouse.CompactorOptions;
import dev.minerva.core.warehouse.WarehouseOptions;
import dev.minerva.spi.MinervaException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every environment variable the Lambda handlers read, parsed and checked in one place; runtime-lambda/README.md
 * documents the same list. A bad value fails the container's start-up with a message naming the variable.
 */
public final class LambdaEnvironment {
    /** Required: where the warehouse lives, {@code s3://bucket/prefix/}. */
    public static final String WAREHOUSE = "MINERVA_WAREHOUSE";
    /** Optional: the sources YAML, {@code s3://bucket/key.yaml} or a file path; default: {@value #BUNDLED_CONFIG} in the JAR. */
    public static final String CONFIG = "MINERVA_CONFIG";
    /** Optional: plugin directories separated by ':', searched besides {@value #DEFAULT_PLUGINS} (Lambda layers) when that exists. */
    public static final String PLUGINS = "MINERVA_PLUGINS";
    /** Optional: stop taking new work when less time than this is left: {@code 60s}, {@code 2m} or {@code 20%}. */
    public static final String TIME_MARGIN = "MINERVA_TIME_MARGIN";
    /** Optional, compactor: an hour is compacted once it ended this long ago ({@code 2h}). */
    public static final String COMPACT_LAG = "MINERVA_COMPACT_LAG";
    /** Optional, compactor: replaced files are deleted this long after their replacement ({@code 30m}). */
    public static final String COMPACT_GRACE = "MINERVA_COMPACT_GRACE";
    /** Optional, compactor: target size of a compacted file in MiB ({@code 128}). */
    public static final String COMPACT_TARGET_MB = "MINERVA_COMPACT_TARGET_MB";
    /** Read by {@link S3Settings}: the region (Lambda sets it), an S3-compatible endpoint, path-style addressing. */
    public static final List<String> S3_VARIABLES = List.of(S3Settings.REGION_VARIABLE, S3Settings.ENDPOINT_VARIABLE,
            S3Settings.PATH_STYLE_VARIABLE);

    // Before DEFAULT_TIME_MARGIN, whose initialiser parses with it.
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    public static final String BUNDLED_CONFIG = "/minerva.yaml";
    /** Where Lambda unpacks the {@code java/lib} folder of layers; those JARs are also on the class path. */
    public static final String DEFAULT_PLUGINS = "/opt/java/lib";
    public static final TimeMargin DEFAULT_TIME_MARGIN = TimeMargin.parse("60s", TIME_MARGIN);

    private final Map<String, String> variables;

    private LambdaEnvironment(Map<String, String> variables) {
        this.variables = Map.copyOf(requireNonNull(variables, "variables is null"));
    }

    public static LambdaEnvironment system() {
        return new LambdaEnvironment(System.getenv());
    }

    public static LambdaEnvironment of(Map<String, String> variables) {
        return new LambdaEnvironment(variables);
    }

    public String warehouse() {
        return get(WAREHOUSE).orElseThrow(() -> MinervaException.userInput(WAREHOUSE
                + " is not set: set it to the warehouse location, s3://bucket/prefix/"));
    }

    public Optional<String> config() {
        return get(CONFIG);
    }

    /**
     * The plugin directories: those of {@value #PLUGINS}, which must exist, and the layer folder if present. The layer
     * folder is always one: Lambda puts its JARs on the class path too, and only as a drop-in is a JAR isolated and
     * its SPI version checked.
     */
    public List<Path> pluginDirectories() {
        return pluginDirectories(Path.of(DEFAULT_PLUGINS));
    }

    List<Path> pluginDirectories(Path layers) {
        List<Path> directories = new ArrayList<>();
        for (String part : get(PLUGINS).orElse("").split(":")) {
            if (part.isBlank()) {
                continue;
            }
            Path directory = Path.of(part.trim());
            if (!Files.isDirectory(directory)) {
                throw MinervaException.userInput(PLUGINS + " names " + directory + ", which is not a directory");
            }
            directories.add(directory);
        }
        if (Files.isDirectory(layers) && directories.stream().noneMatch(d -> d.toAbsolutePath().normalize().equals(layers.toAbsolutePath().normalize()))) {
            directories.add(layers);
        }
        return List.copyOf(directories);
    }

    public TimeMargin timeMargin() {
        return get(TIME_MARGIN).map(text -> TimeMargin.parse(text, TIME_MARGIN)).orElse(DEFAULT_TIME_MARGIN);
    }

    public CompactorOptions compactorOptions() {
        CompactorOptions defaults = CompactorOptions.defaults();
        Duration lag = get(COMPACT_LAG).map(text -> duration(text, COMPACT_LAG)).orElse(defaults.closedLag());
        Duration grace = get(COMPACT_GRACE).map(text -> duration(text, COMPACT_GRACE)).orElse(defaults.grace());
        long targetBytes = defaults.targetBytes();
        Optional<String> target = get(COMPACT_TARGET_MB);
        if (target.isPresent()) {
            long megabytes;
            try {
                megabytes = Long.parseLong(target.get());
            } catch (NumberFormatException e) {
                megabytes = 0;
            }
            if (megabytes < 1 || megabytes > 4096) {
                throw MinervaException.userInput(COMPACT_TARGET_MB + "='" + target.get() + "': expected MiB from 1 to 4096, such as 128");
            }
            targetBytes = megabytes << 20;
        }
        return new CompactorOptions(lag, grace, targetBytes, WarehouseOptions.defaults());
    }

    public S3Settings s3Settings() {
        return S3Settings.fromEnvironment(variables);
    }

    /** Parses {@code 500ms}, {@code 60s}, {@code 2m}, {@code 2h} or {@code 1d}; {@code variable} names it in errors. */
    static Duration duration(String text, String variable) {
        Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw MinervaException.userInput(variable + "='" + text + "': expected a duration such as 500ms, 60s, 30m, 2h or 1d");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    private Optional<String> get(String name) {
        String value = variables.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }
}
