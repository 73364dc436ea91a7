package dev.minerva.local.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Keeps a generated data set for the next run: generating 1 GB takes minutes and gives the same bytes every time for
 * the same seed, size and generator code. A manifest beside the data records that identity and what was written;
 * a run reuses the data only when the identity matches and every file is still there with its recorded size.
 */
final class DataSetCache {
    static final String MANIFEST = "dataset.properties";

    private DataSetCache() {}

    /** The data under {@code root} for this seed and size, generated unless a matching run left it there. */
    static Reused generateOrReuse(Path root, long seed, long rawBytes) throws IOException {
        return generateOrReuse(root, seed, rawBytes, Skew.UNIFORM);
    }

    /** As {@link #generateOrReuse(Path, long, long)} for a day of the given skew. */
    static Reused generateOrReuse(Path root, long seed, long rawBytes, Skew skew) throws IOException {
        String identity = identity(seed, rawBytes) + "/" + skew.label();
        Optional<BenchDataSet> kept = load(root, identity);
        if (kept.isPresent()) {
            return new Reused(kept.get(), true);
        }
        BenchDataSet data = new LogGenerator(seed, skew).generate(root, rawBytes);
        save(data, identity);
        return new Reused(data, false);
    }

    /** A data set and whether it came from an earlier run. */
    record Reused(BenchDataSet data, boolean reused) {}

    static Optional<BenchDataSet> load(Path root, String identity) throws IOException {
        Path manifest = root.resolve(MANIFEST);
        if (!Files.isRegularFile(manifest)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(manifest, UTF_8)) {
            p.load(in);
        }
        if (!identity.equals(p.getProperty("identity"))) {
            return Optional.empty();
        }
        Map<LogKind, BenchDataSet.KindFiles> kinds = new EnumMap<>(LogKind.class);
        for (LogKind kind : LogKind.values()) {
            String prefix = "kind." + kind.name() + ".";
            List<Path> files = new ArrayList<>();
            for (String entry : p.getProperty(prefix + "files", "").split(",")) {
                if (entry.isEmpty()) {
                    continue;
                }
                int colon = entry.lastIndexOf(':');
                Path file = root.resolve(entry.substring(0, colon));
                if (!Files.isRegularFile(file) || Files.size(file) != Long.parseLong(entry.substring(colon + 1))) {
                    return Optional.empty();
                }
                files.add(file);
            }
            kinds.put(kind, new BenchDataSet.KindFiles(kind, files, Long.parseLong(p.getProperty(prefix + "raw")),
                    Long.parseLong(p.getProperty(prefix + "gzip")), Long.parseLong(p.getProperty(prefix + "records"))));
        }
        Map<Needle, Long> needles = new LinkedHashMap<>();
        for (Needle needle : List.of(Needle.IP, Needle.ACCESS_KEY, Needle.USER)) {
            String count = p.getProperty("needle." + needle.name());
            if (count != null) {
                needles.put(needle, Long.parseLong(count));
            }
        }
        return Optional.of(new BenchDataSet(root, Instant.parse(p.getProperty("day")), kinds, needles));
    }

    static void save(BenchDataSet data, String identity) throws IOException {
        Properties p = new Properties();
        p.setProperty("identity", identity);
        p.setProperty("day", data.dayStart().toString());
        for (BenchDataSet.KindFiles kind : data.kinds().values()) {
            String prefix = "kind." + kind.kind().name() + ".";
            List<String> files = new ArrayList<>();
            for (Path file : kind.files()) {
                files.add(data.root().relativize(file) + ":" + Files.size(file));
            }
            p.setProperty(prefix + "files", String.join(",", files));
            p.setProperty(prefix + "raw", Long.toString(kind.rawBytes()));
            p.setProperty(prefix + "gzip", Long.toString(kind.gzipBytes()));
            p.setProperty(prefix + "records", Long.toString(kind.records()));
        }
        data.needleRecords().forEach((needle, count) -> p.setProperty("needle." + needle.name(), Long.toString(count)));
        try (Writer out = Files.newBufferedWriter(data.root().resolve(MANIFEST), UTF_8)) {
            p.store(out, "What the bench generator wrote; reused while the identity matches");
        }
    }

    /** Seed, size and a digest of the generator's classes: any change to the code that writes the data regenerates. */
    static String identity(long seed, long rawBytes) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            List<Class<?>> classes = new ArrayList<>(List.of(LogGenerator.class.getNestMembers()));
            classes.add(Needle.class);
            classes.add(Skew.class);
            classes.add(LogKind.class);
            for (Class<?> type : classes) {
                String resource = type.getName().substring(type.getPackageName().length() + 1) + ".class";
                try (InputStream in = type.getResourceAsStream(resource)) {
                    if (in == null) {
                        throw new IllegalStateException("Class file " + resource + " not found beside " + type.getName());
                    }
                    digest.update(in.readAllBytes());
                }
            }
            return seed + "/" + rawBytes + "/" + HexFormat.of().formatHex(digest.digest(), 0, 8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
