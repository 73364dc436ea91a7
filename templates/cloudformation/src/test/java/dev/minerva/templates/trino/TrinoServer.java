package dev.minerva.templates.trino;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.minerva.testing.aws.MotoServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A single-node Trino 476 (coordinator and worker) on a free loopback port, with a {@code hive} catalog whose
 * metastore is Glue and whose storage is S3, both in moto, and a {@code memory} catalog for the tables a search keeps.
 * Started before the test class and stopped after it.
 *
 * <p>The server comes from the {@code trino-server} tar.gz the {@code integration} profile copies into
 * {@code target/} (system property {@code minerva.trino.archive}); it is untarred once with GNU tar, which keeps the
 * hard links the archive uses between plugins. It needs Java 24+, so it runs on Temurin 25
 * ({@code minerva.trino.java-home}). Without either the tests are skipped, with the reason.
 */
final class TrinoServer implements BeforeAllCallback, AfterAllCallback {
    static final String HIVE = "hive";
    static final String MEMORY = "memory";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    private static final Pattern STARTING = Pattern.compile("\"starting\"\\s*:\\s*(true|false)");

    private final Supplier<URI> motoEndpoint;
    private Process process;
    private Path base;
    private Path log;
    private int port;

    /** @param motoEndpoint where moto answers; read when the server starts, after moto started */
    TrinoServer(Supplier<URI> motoEndpoint) {
        this.motoEndpoint = motoEndpoint;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        String archive = System.getProperty("minerva.trino.archive");
        assumeTrue(archive != null && Files.isRegularFile(Path.of(archive)),
                "No Trino server archive (system property minerva.trino.archive): run with -Pintegration");
        Path java = Path.of(System.getProperty("minerva.trino.java-home", "/usr/lib/jvm/temurin-25-jdk-amd64"),
                "bin", "java");
        assumeTrue(Files.isExecutable(java), "Trino 476 needs Java 24+; no JDK at " + java.getParent().getParent()
                + " (set -Dtrino.java.home)");
        Path home = untar(Path.of(archive));

        base = Files.createTempDirectory("minerva-trino-");
        Path etc = Files.createDirectories(base.resolve("etc"));
        Path data = Files.createDirectories(base.resolve("data"));
        // Only the two connectors used: loading all 60 plugins would double the start-up time.
        Path plugins = Files.createDirectories(base.resolve("plugin"));
        for (String plugin : List.of("hive", "memory")) {
            Files.createSymbolicLink(plugins.resolve(plugin), home.resolve("plugin").resolve(plugin));
        }
        port = freePort();
        URI moto = motoEndpoint.get();
        Files.writeString(etc.resolve("node.properties"), lines(
                "node.environment=minerva_it",
                "node.id=minerva-it",
                "node.data-dir=" + data,
                // The host's first address may be unreachable (a documentation range here): stay on loopback.
                "node.internal-address=127.0.0.1"));
        Files.writeString(etc.resolve("jvm.config"), lines(
                "-Xmx3G",
                "-XX:+UseG1GC",
                "-XX:+ExitOnOutOfMemoryError",
                "-XX:+EnableDynamicAgentLoading",
                "-Djdk.attach.allowAttachSelf=true",
                "-Dfile.encoding=UTF-8",
                "--enable-native-access=ALL-UNNAMED"));
        Files.writeString(etc.resolve("config.properties"), lines(
                "coordinator=true",
                "node-scheduler.include-coordinator=true",
                "http-server.http.port=" + port,
                "discovery.uri=http://127.0.0.1:" + port,
                "plugin.dir=" + plugins,
                "query.max-memory=1GB",
                "query.max-memory-per-node=1GB"));
        Path catalogs = Files.createDirectories(etc.resolve("catalog"));
        Files.writeString(catalogs.resolve(HIVE + ".properties"), lines(
                "connector.name=hive",
                // Trino honours the tables' Athena projection properties, and projecting 2000..NOW by hour lists
                // S3 once per hour in a search's range (about 260,000 prefixes for 30 years): use the partitions
                // registered in Glue instead.
                "hive.partition-projection-enabled=false",
                // Trino's Parquet reader trades bytes for fewer requests: it fetches a file below 3 MB whole, and
                // reads through gaps of up to 1 MB between the column chunks it wants. Warehouse files are mostly
                // well under 3 MB with row groups of 128 rows, so statistics pruned decoding but no bytes: a page of
                // 50 read all of each of its hours' message files (8.6 MB of 9.8 MB). With both at 0B, physical
                // input is the footers and the chunks the statistics select, the bytes a scan needs, which this tier
                // measures (for Minerva's statements and the original layout's alike).
                "parquet.small-file-threshold=0B",
                "parquet.max-merge-distance=0B",
                "hive.metastore=glue",
                "hive.metastore.glue.region=" + MotoServer.REGION,
                "hive.metastore.glue.endpoint-url=" + moto,
                "hive.metastore.glue.aws-access-key=" + MotoServer.ACCESS_KEY,
                "hive.metastore.glue.aws-secret-key=" + MotoServer.SECRET_KEY,
                "fs.native-s3.enabled=true",
                "s3.endpoint=" + moto,
                "s3.region=" + MotoServer.REGION,
                "s3.path-style-access=true",
                "s3.aws-access-key=" + MotoServer.ACCESS_KEY,
                "s3.aws-secret-key=" + MotoServer.SECRET_KEY));
        Files.writeString(catalogs.resolve(MEMORY + ".properties"), lines("connector.name=memory"));

        log = base.resolve("server.log");
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/launcher").toString(), "run",
                "--etc-dir", etc.toString(), "--data-dir", data.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("JAVA_HOME", java.getParent().getParent().toString());
        process = builder.start();
        // A fork killed before afterAll (a timeout, Ctrl-C) must not leave a 3 GB JVM behind.
        Process started = process;
        Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly, "stop-trino"));
        awaitStarted();
    }

    @Override
    public void afterAll(ExtensionContext context) throws InterruptedException, IOException {
        if (process != null) {
            // The launcher execs the JVM, but stop any child it might have left as well.
            List<ProcessHandle> children = process.descendants().toList();
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
            children.forEach(ProcessHandle::destroyForcibly);
        }
        if (base != null) {
            deleteTree(base);
        }
    }

    /** Deletes a folder the tests made, without following the plugin links into the Trino installation. */
    static void deleteTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    /** The JDBC URL of the coordinator. */
    String jdbcUrl() {
        return "jdbc:trino://127.0.0.1:" + port;
    }

    /** Untars the archive beside itself unless a previous run did. */
    private static Path untar(Path archive) throws IOException, InterruptedException {
        String name = archive.getFileName().toString().replaceFirst("\\.tar\\.gz$", "");
        Path directory = archive.getParent();
        Path home = directory.resolve(name);
        Path done = directory.resolve(name + ".untarred");
        if (Files.exists(done)) {
            return home;
        }
        Process tar = new ProcessBuilder("tar", "-xzf", archive.toString(), "-C", directory.toString())
                .redirectErrorStream(true).start();
        String output = new String(tar.getInputStream().readAllBytes());
        if (tar.waitFor() != 0) {
            throw new IllegalStateException("tar failed on " + archive + ": " + output);
        }
        Files.createFile(done);
        return home;
    }

    private void awaitStarted() throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest info = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/info")).GET().build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Trino exited at start-up:\n" + tail());
            }
            try {
                HttpResponse<String> response = client.send(info, HttpResponse.BodyHandlers.ofString());
                Matcher starting = STARTING.matcher(response.body());
                if (response.statusCode() == 200 && starting.find() && starting.group(1).equals("false")) {
                    return;
                }
            } catch (IOException notYet) {
                // Not listening yet.
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("Trino did not start within " + START_TIMEOUT + ":\n" + tail());
    }

    private String tail() throws IOException {
        List<String> all = Files.readAllLines(log);
        return String.join("\n", all.subList(Math.max(0, all.size() - 40), all.size()));
    }

    private static String lines(String... lines) {
        return String.join("\n", lines) + "\n";
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
