package dev.minerva.local;

import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.minerva.core.config.SourceConfigLoader;
import dev.minerva.core.config.SourceRoute;
import dev.minerva.core.input.TimeWindow;
import dev.minerva.core.config.SourceRoutes;
import dev.minerva.core.config.UriGlob;
import dev.minerva.core.format.BoundFormatOptions;
import dev.minerva.core.format.FormatProvider;
import dev.minerva.core.format.FormatRegistry;
import dev.minerva.core.format.OptionBinder;
import dev.minerva.core.index.IndexOutcome;
import dev.minerva.core.index.IndexSummary;
import dev.minerva.core.index.IndexingService;
import dev.minerva.core.index.LogObject;
import dev.minerva.core.inject.FormatsModule;
import dev.minerva.core.inject.WarehouseModule;
import dev.minerva.core.storage.FileStorageProvider;
import dev.minerva.core.storage.Storages;
import dev.minerva.spi.MinervaException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code minerva index}: parses local log files and folders into the warehouse. */
@Command(mixinStandardHelpOptions = true, name = "index",
        description = "Index log files and folders (recursively), or S3 objects and prefixes (s3://bucket/prefix/), into the warehouse.")
final class IndexCommand implements Callable<Integer> {
    @ParentCommand
    MinervaCli cli;

    @Spec
    CommandSpec spec;

    @Mixin
    WarehouseOption warehouse;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Routing routing;

    @Option(names = "--force", description = "Index objects again even when this version was indexed before.")
    boolean force;

    @Option(names = "--progress", negatable = true, description = "Show a progress bar (default: only on a terminal).")
    Boolean progress;

    @Parameters(paramLabel = "PATH|S3-URL", arity = "1..*",
            description = "Files or folders to index, or S3 locations: s3://bucket/prefix/ (every object under it) or s3://bucket/key.")
    List<String> paths;

    /** Either a YAML source map or one format for everything. */
    static final class Routing {
        @Option(names = "--config", paramLabel = "FILE", required = true,
                description = "YAML that maps locations to formats (sources: [{match, format, tag, options}]).")
        Path config;

        @ArgGroup(exclusive = false)
        Forced forced;
    }

    /** One format for every file given. */
    static final class Forced {
        @Option(names = "--format", paramLabel = "NAME", required = true, description = "Parse every file with this format.")
        String format;

        @Option(names = "--tag", paramLabel = "TAG", description = "Tag the records (default: the format's tag).")
        String tag;

        @Option(names = "--option", paramLabel = "KEY=VALUE", description = "A format option (repeatable).")
        Map<String, String> options = new LinkedHashMap<>();

        @Option(names = "--earliest-time", paramLabel = "T",
                description = "Reject records timed before this (ISO-8601 or a date; default: 1970-01-01).")
        String earliestTime;

        @Option(names = "--latest-time-ahead", paramLabel = "DURATION",
                description = "Reject records timed more than this past now (such as 12h, 1d; default: 1d).")
        String latestTimeAhead;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String root = warehouse.location();
        Injector injector = Guice.createInjector(new FormatsModule(cli.plugins()), new WarehouseModule(warehouse.storage()));
        FormatRegistry registry = injector.getInstance(FormatRegistry.class);
        SourceRoutes routes = routing.config != null ? new SourceConfigLoader(registry).load(routing.config) : forcedRoutes(registry);
        // Each location's provider is picked by its scheme; the S3 client is built only when an S3 location is given,
        // so local runs need no AWS configuration.
        Storages files = injector.getInstance(Storages.class);
        List<LogObject> objects = files.list(paths);
        long totalBytes = objects.stream().mapToLong(LogObject::size).sum();
        boolean showBar = progress != null ? progress : System.console() != null;
        IndexingService service = injector.getInstance(IndexingService.class);
        IndexSummary summary;
        if (showBar) {
            try (ProgressBar bar = new ProgressBarBuilder().setTaskName("Indexing").setInitialMax(totalBytes)
                    .setUnit(" MB", 1_000_000).showSpeed().setStyle(ProgressBarStyle.ASCII).setConsumer(
                            new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err)).build()) {
                summary = service.index(objects, routes, files, force, new IndexingService.Progress() {
                    @Override
                    public void bytesRead(long bytes) {
                        bar.stepBy(bytes);
                    }

                    @Override
                    public void finished(IndexOutcome outcome) {
                        bar.setExtraMessage(outcome.status() == IndexOutcome.Status.FAILED ? "a failure" : "");
                    }
                });
            }
        } else {
            summary = service.index(objects, routes, files, force, IndexingService.Progress.none());
        }
        for (IndexOutcome outcome : summary.outcomes()) {
            if (outcome.status() == IndexOutcome.Status.FAILED || outcome.status() == IndexOutcome.Status.NO_SOURCE) {
                err.println(outcome.status().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ": " + outcome.location() + ": " + outcome.detail());
            }
        }
        out.printf("Indexed %d of %d objects into %s (%d unchanged, %d without a source, %d failed): %d records, %d rejections, %d skipped; "
                        + "%s in, %s written, %.1f MB/s%n",
                summary.count(IndexOutcome.Status.INDEXED), objects.size(), root,
                summary.count(IndexOutcome.Status.UNCHANGED), summary.count(IndexOutcome.Status.NO_SOURCE), summary.count(IndexOutcome.Status.FAILED),
                summary.records(), summary.rejections(), summary.skipped(),
                Sizes.human(summary.bytesIn()), Sizes.human(summary.bytesWritten()), summary.megabytesPerSecond());
        if (summary.rejections() > 0) {
            out.printf("Rejected entries are in %s with their source, position and reason.%n",
                    Storages.isLocal(root) ? FileStorageProvider.path(root).resolve("rejects") : root + (root.endsWith("/") ? "" : "/") + "rejects/");
        }
        out.flush();
        return summary.count(IndexOutcome.Status.FAILED) > 0 ? 1 : 0;
    }

    private SourceRoutes forcedRoutes(FormatRegistry registry) {
        Forced forced = routing.forced;
        FormatProvider provider = registry.provider(forced.format);
        BoundFormatOptions options = OptionBinder.bind(provider.factory(), forced.options, key -> "--option " + key + ": ");
        String tag = forced.tag != null ? forced.tag : provider.factory().defaultTag();
        if (tag.isBlank()) {
            throw MinervaException.userInput("--tag must not be empty");
        }
        TimeWindow accepted = new TimeWindow(
                forced.earliestTime == null ? TimeWindow.DEFAULT_EARLIEST : TimeWindow.parseEarliest(forced.earliestTime, "(--earliest-time)"),
                forced.latestTimeAhead == null ? TimeWindow.DEFAULT_AHEAD : TimeWindow.parseAhead(forced.latestTimeAhead, "(--latest-time-ahead)"));
        SourceRoute route = new SourceRoute("--format " + forced.format, UriGlob.compile("**"), forced.format,
                provider.factory().create(options), options, tag, SourceRoutes.DEFAULT_MAX_ENTRY_BYTES, accepted, "the command line");
        return new SourceRoutes(List.of(route), "--format " + forced.format);
    }
}
