package dev.minerva.local.bench;

import static java.util.Objects.requireNonNull;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Item 5, cold start: starts a fresh JVM on each handler's shaded Lambda JAR, N times, with the default flags
 * and with the template's {@code JAVA_TOOL_OPTIONS} ({@code -XX:TieredStopAtLevel=1}), and times each from just
 * before {@link ProcessBuilder#start()} to the probe's ready line. The probe ({@code dev.minerva.lambda.ColdStartProbe}
 * in the JAR) calls the handler's public no-arg constructor, as Lambda's init phase does, and reports the JVM's own
 * view as well: its uptime when the handler was ready. Also measures each JAR's zip and unpacked sizes.
 *
 * <p>The indexer and compactor run on {@code -Dminerva.lambda.indexer.jar=PATH}, else
 * {@code runtime-lambda/indexer/target/minerva-lambda-indexer.jar}; the search handler on
 * {@code -Dminerva.lambda.search.jar=PATH}, else {@code runtime-lambda/search/target/minerva-lambda-search.jar} (from
 * the checkout root or from a module folder); {@code bin/bench} packages them. Without them the result says so and
 * the run goes on.
 */
final class ColdStartBench {
    /** The system properties that name the JARs, by artifact. */
    static final Map<String, String> JAR_PROPERTIES = Map.of("indexer", "minerva.lambda.indexer.jar", "search",
            "minerva.lambda.search.jar");
    static final List<String> HANDLERS = List.of("IndexerHandler", "CompactorHandler", "SearchHandler");
    /** The flag sets, by label; the second is what the CloudFormation template sets for the indexer. */
    static final Map<String, String> FLAGS = flags();
    /** Each artifact stays within the direct-upload limit, zipped. */
    static final long ZIPPED_LIMIT = 50_000_000L;
    /** Each artifact unpacks to at most this, leaving most of Lambda's 250 MB (code and layers) to plugin layers. */
    static final long UNPACKED_LIMIT = 100_000_000L;

    private static final String PROBE = "dev.minerva.lambda.ColdStartProbe";
    private static final String CLOSED_ENDPOINT = "http://127.0.0.1:9";
    private static final long TIMEOUT_SECONDS = 120;

    /** One fresh JVM: the harness's clock to the ready line, and the probe's JVM-side figures. */
    record Sample(long spawnToReadyMillis, long jvmStartAfterSpawnMillis, long readyUptimeMillis, long firstInvocationMillis) {}

    /** The samples of one handler under one flag set; {@code failure} is empty, or why the runs stopped. */
    record HandlerRun(String handler, String flags, List<Sample> samples, String failure) {
        HandlerRun {
            requireNonNull(handler, "handler is null");
            requireNonNull(failure, "failure is null");
            samples = List.copyOf(samples);
        }

        long medianSpawnToReady() {
            return median(samples.stream().mapToLong(Sample::spawnToReadyMillis).toArray());
        }

        long bestSpawnToReady() {
            return samples.stream().mapToLong(Sample::spawnToReadyMillis).min().orElse(-1);
        }

        long medianReadyUptime() {
            return median(samples.stream().mapToLong(Sample::readyUptimeMillis).toArray());
        }

        long bestReadyUptime() {
            return samples.stream().mapToLong(Sample::readyUptimeMillis).min().orElse(-1);
        }

        /** -1 when the handler was not invoked (the compactor). */
        long medianFirstInvocation() {
            return median(samples.stream().mapToLong(Sample::firstInvocationMillis).toArray());
        }
    }

    /** One deployment JAR and its sizes. */
    record Artifact(Path jar, long zipBytes, long unpackedBytes) {
        Artifact {
            requireNonNull(jar, "jar is null");
        }

        boolean fits() {
            return zipBytes <= ZIPPED_LIMIT && unpackedBytes <= UNPACKED_LIMIT;
        }
    }

    /** The JARs' sizes and every handler run; {@code problem} is empty, or why nothing was measured. */
    record Result(List<Artifact> artifacts, int runs, List<HandlerRun> handlerRuns, String problem) {
        Result {
            artifacts = List.copyOf(artifacts);
            requireNonNull(problem, "problem is null");
            handlerRuns = List.copyOf(handlerRuns);
        }

        static Result missing(String problem) {
            return new Result(List.of(), 0, List.of(), problem);
        }

        boolean measured() {
            return problem.isEmpty();
        }

        Optional<HandlerRun> run(String handler, String flags) {
            return handlerRuns.stream().filter(r -> r.handler().equals(handler) && r.flags().equals(flags)).findFirst();
        }
    }

    private ColdStartBench() {}

    /** The table's item-5 rows: one per handler (both flag sets side by side), then each JAR's size. */
    static String rows(Result result) {
        if (!result.measured()) {
            return "| 5 | cold start (Lambda), fresh JVM to handler ready | | not measured: " + result.problem()
                    + " | | | report | |\n";
        }
        StringBuilder t = new StringBuilder();
        List<String> flags = List.copyOf(FLAGS.keySet());
        for (String handler : HANDLERS) {
            HandlerRun plain = result.run(handler, flags.get(0)).orElseThrow();
            HandlerRun tiered = result.run(handler, flags.get(1)).orElseThrow();
            String ratio = plain.samples().isEmpty() || tiered.samples().isEmpty() ? ""
                    : String.format(Locale.ROOT, "%.2f×", (double) tiered.medianSpawnToReady() / plain.medianSpawnToReady());
            t.append(String.format(Locale.ROOT, "| 5 | cold start, fresh JVM to handler ready: %s vs %s | %s | %s | %s | %s | report | |%n",
                    flags.get(0), flags.get(1), handler, cell(plain), cell(tiered), ratio));
        }
        for (Artifact artifact : result.artifacts()) {
            t.append(String.format(Locale.ROOT, "| 5 | shaded Lambda JAR: zip, unpacked | %s | %.1f MiB (%d bytes), %.1f MiB (%d bytes) | | | "
                            + "≤ 50 MB zipped, ≤ 100 MB unpacked | %s |%n", artifact.jar().getFileName(),
                    artifact.zipBytes() / 1048576.0, artifact.zipBytes(), artifact.unpackedBytes() / 1048576.0,
                    artifact.unpackedBytes(), artifact.fits() ? "yes" : "**no**"));
        }
        return t.toString();
    }

    /** What the cold-start figures mean, under the table; empty when nothing was measured. */
    static String note(Result result) {
        if (!result.measured()) {
            return "";
        }
        return String.format(Locale.ROOT, "%nCold start: median of %d fresh JVMs per cell (best in brackets), on the handler's "
                + "shaded JAR, each building the handler through its no-arg constructor with the template's variables (AWS "
                + "endpoints at a closed local port: nothing is reached). First figure: from just before the harness starts "
                + "the process to the ready line; JVM: the JVM's own uptime at that moment (RuntimeMXBean, counted from VM "
                + "creation, so launching the process is not in it); first call: one invocation with a harmless event (an "
                + "empty SQS batch; a GET the search API answers 405; none for the compactor). Java %s here; Lambda runs "
                + "java21.%n", result.runs(), System.getProperty("java.specification.version"));
    }

    private static String cell(HandlerRun run) {
        String failure = run.failure().replace("|", "/");
        if (run.samples().isEmpty()) {
            return "FAILED: " + failure;
        }
        String cell = String.format(Locale.ROOT, "%d ms (%d); JVM %d ms (%d)", run.medianSpawnToReady(), run.bestSpawnToReady(),
                run.medianReadyUptime(), run.bestReadyUptime());
        if (run.medianFirstInvocation() >= 0) {
            cell += "; first call " + run.medianFirstInvocation() + " ms";
        }
        return failure.isEmpty() ? cell : cell + "; then a run FAILED: " + failure;
    }

    /** Each handler's JAR: the one its artifact's property names, else the first default location that exists. */
    static Map<String, Path> locateJars() {
        Map<String, Path> jars = new LinkedHashMap<>();
        for (String handler : HANDLERS) {
            String artifact = handler.equals("SearchHandler") ? "search" : "indexer";
            String named = System.getProperty(JAR_PROPERTIES.get(artifact));
            if (named != null && !named.isBlank()) {
                jars.put(handler, Path.of(named));
                continue;
            }
            Path fromRoot = Path.of("runtime-lambda", artifact, "target", "minerva-lambda-" + artifact + ".jar");
            Path fromModule = Path.of("..").resolve(fromRoot);
            jars.put(handler, Files.exists(fromRoot) || !Files.exists(fromModule) ? fromRoot : fromModule);
        }
        return jars;
    }

    /** Runs every handler {@code runs} times under each flag set, interleaved so the machine's noise spreads evenly. */
    static Result measure(Map<String, Path> jars, int runs, PrintStream log) throws IOException, InterruptedException {
        Map<Path, Artifact> artifacts = new LinkedHashMap<>();
        Map<String, Path> absoluteJars = new HashMap<>();
        for (String handler : HANDLERS) {
            Path absolute = requireNonNull(jars.get(handler), "no JAR for " + handler).toAbsolutePath().normalize();
            if (!Files.isRegularFile(absolute)) {
                return Result.missing("no shaded JAR at " + absolute
                        + " (build it with mvn -pl runtime-lambda -am package -DskipTests)");
            }
            absoluteJars.put(handler, absolute);
            if (!artifacts.containsKey(absolute)) {
                Artifact artifact = new Artifact(absolute, Files.size(absolute), unpackedBytes(absolute));
                artifacts.put(absolute, artifact);
                log.printf("Cold start: %s, %.1f MiB zip, %.1f MiB unpacked%n", absolute, artifact.zipBytes() / 1048576.0,
                        artifact.unpackedBytes() / 1048576.0);
            }
        }
        log.printf("Cold start: %d fresh JVMs per handler and flag set …%n", runs);
        Map<String, List<Sample>> samples = new LinkedHashMap<>();
        Map<String, String> failures = new HashMap<>();
        for (int i = 0; i < runs; i++) {
            for (String handler : HANDLERS) {
                for (Map.Entry<String, String> flags : FLAGS.entrySet()) {
                    String key = handler + " " + flags.getKey();
                    if (failures.containsKey(key)) {
                        continue;
                    }
                    try {
                        Sample sample = startOnce(absoluteJars.get(handler), handler, flags.getValue());
                        samples.computeIfAbsent(key, k -> new ArrayList<>()).add(sample);
                        log.printf("  %s, %s: ready %d ms after spawn (JVM started %d ms after spawn, up %d ms at ready)%s%n",
                                handler, flags.getKey(), sample.spawnToReadyMillis(), sample.jvmStartAfterSpawnMillis(),
                                sample.readyUptimeMillis(), sample.firstInvocationMillis() < 0 ? ""
                                        : ", first invocation " + sample.firstInvocationMillis() + " ms");
                    } catch (ProbeFailure e) {
                        failures.put(key, e.getMessage());
                        log.printf("  %s, %s: FAILED: %s%n", handler, flags.getKey(), e.getMessage());
                    }
                }
            }
        }
        List<HandlerRun> handlerRuns = new ArrayList<>();
        for (String handler : HANDLERS) {
            for (String flags : FLAGS.keySet()) {
                String key = handler + " " + flags;
                handlerRuns.add(new HandlerRun(handler, flags, samples.getOrDefault(key, List.of()),
                        failures.getOrDefault(key, "")));
            }
        }
        return new Result(List.copyOf(artifacts.values()), runs, handlerRuns, "");
    }

    /** Starts one JVM on the JAR and reads its lines until the probe's result. */
    private static Sample startOnce(Path jar, String handler, String javaToolOptions)
            throws IOException, InterruptedException, ProbeFailure {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", jar.toString(), PROBE, handler).redirectErrorStream(true);
        lambdaEnvironment(builder.environment(), javaToolOptions);
        long spawnEpochMillis = System.currentTimeMillis();
        long spawnNanos = System.nanoTime();
        Process process = builder.start();
        // A probe that hangs (a constructor waiting on a network) must not stall the whole run.
        CompletableFuture.delayedExecutor(TIMEOUT_SECONDS, TimeUnit.SECONDS).execute(process::destroyForcibly);
        long readyNanos = -1;
        Map<String, String> result = Map.of();
        Deque<String> tail = new ArrayDeque<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                if (line.equals("COLDSTART_READY handler=" + handler)) {
                    readyNanos = System.nanoTime();
                } else if (line.startsWith("COLDSTART_RESULT ")) {
                    result = fields(line);
                } else {
                    tail.addLast(line);
                    if (tail.size() > 5) {
                        tail.removeFirst();
                    }
                }
            }
        }
        int exit = process.waitFor();
        if (exit != 0 || readyNanos < 0 || result.isEmpty()) {
            throw new ProbeFailure("exit status " + exit + (readyNanos < 0 ? ", no ready line" : "") + "; last output: "
                    + String.join(" | ", tail));
        }
        return new Sample((readyNanos - spawnNanos) / 1_000_000,
                Long.parseLong(result.get("jvmStartEpochMillis")) - spawnEpochMillis,
                Long.parseLong(result.get("readyUptimeMillis")), Long.parseLong(result.get("firstInvocationMillis")));
    }

    /**
     * The variables the CloudFormation template (and Lambda itself) set, with every AWS endpoint at a closed local
     * port: construction needs no network, and anything that tried to reach one would fail the probe, not wait on it.
     */
    static void lambdaEnvironment(Map<String, String> env, String javaToolOptions) {
        // Nothing from the caller's shell may change the JVM's flags.
        env.remove("JAVA_TOOL_OPTIONS");
        env.remove("JDK_JAVA_OPTIONS");
        env.remove("_JAVA_OPTIONS");
        if (!javaToolOptions.isEmpty()) {
            env.put("JAVA_TOOL_OPTIONS", javaToolOptions);
        }
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.put("AWS_ACCESS_KEY_ID", "coldstart");
        env.put("AWS_SECRET_ACCESS_KEY", "coldstart");
        env.put("AWS_SESSION_TOKEN", "coldstart");
        env.put("MINERVA_WAREHOUSE", "s3://minerva-coldstart/warehouse/");
        env.put("MINERVA_S3_ENDPOINT", CLOSED_ENDPOINT);
        env.put("MINERVA_S3_PATH_STYLE", "true");
        env.put("MINERVA_ATHENA_WORKGROUP", "primary");
        env.put("MINERVA_ATHENA_DATABASE", "minerva");
        env.put("MINERVA_ATHENA_OUTPUT", "s3://minerva-coldstart/warehouse/");
        env.put("MINERVA_ATHENA_ENDPOINT", CLOSED_ENDPOINT);
    }

    private static long unpackedBytes(Path jar) throws IOException {
        long total = 0;
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements(); ) {
                total += Math.max(0, entries.nextElement().getSize());
            }
        }
        return total;
    }

    private static Map<String, String> fields(String line) {
        Map<String, String> fields = new HashMap<>();
        for (String part : line.split(" ")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                fields.put(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        return fields;
    }

    private static long median(long[] values) {
        if (values.length == 0) {
            return -1;
        }
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static Map<String, String> flags() {
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("default flags", "");
        flags.put("-XX:TieredStopAtLevel=1", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1");
        return Collections.unmodifiableMap(flags);
    }

    /** A probe that exited without reporting. */
    private static final class ProbeFailure extends Exception {
        ProbeFailure(String message) {
            super(message);
        }
    }
}
