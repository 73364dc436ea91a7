package dev.minerva.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.minerva.core.engine.EngineStats;
import dev.minerva.core.engine.QueryEngine;
import dev.minerva.duckdb.DuckDbSearchModule;
import dev.minerva.core.inject.WarehouseModule;
import dev.minerva.core.query.SortOrder;
import dev.minerva.core.query.TagPermissions;
import dev.minerva.core.input.TimeWindow;
import dev.minerva.core.search.LogRow;
import dev.minerva.core.search.LogsPage;
import dev.minerva.core.search.SearchRequest;
import dev.minerva.core.search.SearchResult;
import dev.minerva.core.search.SearchService;
import dev.minerva.core.search.Timeseries;
import dev.minerva.core.search.WarehouseTotals;
import dev.minerva.spi.MinervaException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code minerva search}: runs one query over the warehouse and prints the hits. */
@Command(mixinStandardHelpOptions = true, name = "search", description = "Search the warehouse. Hits go to stdout, counts and statistics to stderr.")
final class SearchCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter HOUR_DIRECTORY = DateTimeFormatter.ofPattern("'dt='yyyy-MM-dd-HH");

    @Spec
    CommandSpec spec;

    @Mixin
    WarehouseOption warehouse;

    @Option(names = "--from", paramLabel = "T", description = "Start of the range: ISO-8601, a date, 'now' or a duration before now (24h, 7d). Default: the oldest data.")
    String from;

    @Option(names = "--to", paramLabel = "T", description = "End of the range (exclusive), same forms. Default: now, or past the newest data.")
    String to;

    @Option(names = "--limit", defaultValue = "50", description = "Hits to print, at most 10000 (default: ${DEFAULT-VALUE}).")
    long limit;

    @Option(names = "--offset", defaultValue = "0", description = "Hits to skip first, for paging (default: ${DEFAULT-VALUE}).")
    long offset;

    @Option(names = "--order", defaultValue = "newest", description = "newest or oldest first (default: ${DEFAULT-VALUE}).")
    String order;

    @Option(names = "--tags", split = ",", paramLabel = "TAG", description = "Only these tags (comma-separated); counts still cover all.")
    List<String> tags = new ArrayList<>();

    @Option(names = "--output", defaultValue = "table", description = "table or json: one {\"tag\",\"timestamp\",\"log\"} object per line (default: ${DEFAULT-VALUE}).")
    OutputMode output;

    @Parameters(paramLabel = "QUERY", arity = "1..*", description = "The query: terms, field:value, \"phrases\", AND/OR/NOT, -term, (…), tag:….")
    List<String> query;

    @Override
    public Integer call() throws Exception {
        Path root = warehouse.existing();
        SortOrder sortOrder = switch (order) {
            case "newest" -> SortOrder.NEWEST_FIRST;
            case "oldest" -> SortOrder.OLDEST_FIRST;
            default -> throw MinervaException.userInput("--order must be newest or oldest, not '" + order + "'");
        };
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Optional<Instant[]> span = dataSpan(root, now);
        Instant start = from != null ? TimeArguments.instant(from, now, "--from")
                : span.map(s -> s[0]).orElse(now.minus(1, ChronoUnit.DAYS));
        Instant end = to != null ? TimeArguments.instant(to, now, "--to")
                : span.map(s -> s[1].isAfter(now) ? s[1] : now).orElse(now);
        if (!start.isBefore(end)) {
            throw MinervaException.userInput("The range is empty: --from " + start + " is not before --to " + end);
        }
        Injector injector = Guice.createInjector(new WarehouseModule(root), new DuckDbSearchModule(root));
        try (QueryEngine engine = injector.getInstance(QueryEngine.class)) {
            SearchService service = injector.getInstance(SearchService.class);
            LogsPage page = LogsPage.first(limit).withOffset(offset).withOrder(sortOrder);
            if (!tags.isEmpty()) {
                page = page.withTags(new LinkedHashSet<>(tags));
            }
            SearchResult result = service.searchNow(new SearchRequest(String.join(" ", query), start, end, TagPermissions.all()), page);
            print(result);
        }
        return 0;
    }

    private void print(SearchResult result) throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<LogRow> rows = result.page().logs();
        if (output == OutputMode.json) {
            for (LogRow row : rows) {
                ObjectNode node = JSON.createObjectNode();
                node.put("tag", row.tag());
                node.put("timestamp", row.timestamp().toString());
                node.set("log", JSON.readTree(row.message()));
                out.println(JSON.writeValueAsString(node));
            }
        } else {
            for (LogRow row : rows) {
                out.printf("%-24s  %-22s  %s%n", row.timestamp(), row.tag(), oneLine(row.message(), 160));
            }
        }
        out.flush();
        long total = result.page().total();
        err.printf("%d hit%s from %s to %s", total, total == 1 ? "" : "s",
                result.status().request().from(), result.status().request().to());
        if (!result.tagCounts().isEmpty()) {
            List<String> perTag = new ArrayList<>();
            for (Map.Entry<String, Long> e : result.tagCounts().entrySet()) {
                perTag.add(e.getKey() + " " + e.getValue());
            }
            err.print(" (" + String.join(", ", perTag) + ")");
        }
        err.printf("; showing %d from offset %d%n", rows.size(), result.page().page().offset());
        if (output == OutputMode.table && total > 0) {
            printHistogram(err, result.timeseries());
        }
        EngineStats stats = result.stats();
        WarehouseTotals totals = result.warehouse();
        err.printf("Searched in %d ms: read %s in %d file opens (%d of %d row groups); the searched hours hold %s in %d files, the warehouse %s in %d files%n",
                stats.elapsed().toMillis(), Sizes.human(stats.bytesRead()), stats.filesRead(), stats.rowGroupsRead(), stats.rowGroupsTotal(),
                Sizes.human(totals.rangeBytes()), totals.rangeFiles(), Sizes.human(totals.bytes()), totals.files());
        err.flush();
    }

    private static void printHistogram(PrintWriter err, Timeseries timeseries) {
        String bars = " ▁▂▃▄▅▆▇█";
        int width = timeseries.counts().keySet().stream().mapToInt(String::length).max().orElse(0);
        err.printf("%-" + width + "s  %s … %s%n", "", timeseries.labels().get(0), timeseries.labels().get(timeseries.labels().size() - 1));
        for (Map.Entry<String, List<Long>> e : timeseries.counts().entrySet()) {
            long max = e.getValue().stream().mapToLong(Long::longValue).max().orElse(0);
            StringBuilder line = new StringBuilder();
            for (long count : e.getValue()) {
                line.append(count == 0 ? '·' : bars.charAt((int) Math.max(1, Math.round(count * 8.0 / Math.max(1, max)))));
            }
            err.printf("%-" + width + "s  %s%n", e.getKey(), line);
        }
    }

    /**
     * The oldest and the end of the newest hour that hold messages, from the partition directories. Hours outside
     * the default accepted window (before 1970, later than a day past now) are left out: such hours can only hold
     * records indexed before times were checked, and one of them (9999-12-31) must not stretch every search.
     */
    static Optional<Instant[]> dataSpan(Path root, Instant now) throws IOException {
        Instant latest = TimeWindow.DEFAULT.latest(now);
        Path messages = root.resolve("messages");
        if (!Files.isDirectory(messages)) {
            return Optional.empty();
        }
        List<Instant> hours = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(messages)) {
            dirs.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("dt=")).forEach(n -> {
                try {
                    Instant hour = LocalDateTime.parse(n, HOUR_DIRECTORY).toInstant(ZoneOffset.UTC);
                    if (!hour.isBefore(TimeWindow.DEFAULT_EARLIEST) && !hour.isAfter(latest)) {
                        hours.add(hour);
                    }
                } catch (RuntimeException ignored) {
                    // not a partition directory of ours
                }
            });
        }
        if (hours.isEmpty()) {
            return Optional.empty();
        }
        Instant min = hours.stream().min(Instant::compareTo).orElseThrow();
        Instant max = hours.stream().max(Instant::compareTo).orElseThrow();
        return Optional.of(new Instant[] {min, max.plus(1, ChronoUnit.HOURS)});
    }

    private static String oneLine(String json, int width) {
        String flat = json.replaceAll("\\s+", " ");
        return flat.length() <= width ? flat : flat.substring(0, width - 1) + "…";
    }
}
