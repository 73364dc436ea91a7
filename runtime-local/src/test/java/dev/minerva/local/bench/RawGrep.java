package dev.minerva.local.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** Counts a needle in the raw gzip files: with zgrep (the baseline an analyst would reach for) and in Java. */
public final class RawGrep {
    private RawGrep() {}

    /**
     * Occurrences of {@code text} over {@code files} by {@code zgrep -h -o -F}: the generator plants each needle once
     * per record, so occurrences are records. The fastest of {@code runs} (after one warm-up) is reported.
     */
    public static SearchRun zgrep(List<Path> files, String text, int runs) throws IOException, InterruptedException {
        long hits = -1;
        long best = Long.MAX_VALUE;
        for (int i = 0; i <= runs; i++) {
            long start = System.nanoTime();
            long count = runZgrep(files, text);
            long nanos = System.nanoTime() - start;
            if (hits >= 0 && hits != count) {
                throw new IllegalStateException("zgrep counted " + count + " then " + hits);
            }
            hits = count;
            if (i > 0 || runs == 0) {
                best = Math.min(best, nanos);
            }
        }
        return new SearchRun("zgrep", hits, -1, -1, best);
    }

    private static long runZgrep(List<Path> files, String text) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("zgrep", "-h", "-o", "-F", "--", text));
        files.forEach(f -> command.add(f.toString()));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        long lines = 0;
        try (InputStream out = process.getInputStream()) {
            byte[] buffer = new byte[8192];
            for (int n; (n = out.read(buffer)) > 0; ) {
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        lines++;
                    }
                }
            }
        }
        int status = process.waitFor();
        // grep exits 1 when nothing matched, which is a valid count of zero.
        if (status > 1) {
            throw new IOException("zgrep failed with status " + status);
        }
        return lines;
    }

    /** Occurrences of {@code text} in the decompressed files, counted in Java (no zgrep needed). */
    public static long count(List<Path> files, String text) throws IOException {
        byte[] needle = text.getBytes(UTF_8);
        long count = 0;
        for (Path file : files) {
            try (InputStream in = new GZIPInputStream(Files.newInputStream(file), 1 << 16)) {
                count += occurrences(in, needle);
            }
        }
        return count;
    }

    private static long occurrences(InputStream in, byte[] needle) throws IOException {
        byte[] buffer = new byte[1 << 16];
        int kept = 0;
        long count = 0;
        for (int n; (n = in.read(buffer, kept, buffer.length - kept)) > 0; ) {
            int limit = kept + n;
            int i = 0;
            for (; i + needle.length <= limit; i++) {
                if (matches(buffer, i, needle)) {
                    count++;
                    i += needle.length - 1;
                }
            }
            // Keep the tail that could start a match spanning the next read.
            kept = Math.min(limit - i, needle.length - 1);
            System.arraycopy(buffer, limit - kept, buffer, 0, kept);
        }
        return count;
    }

    private static boolean matches(byte[] buffer, int at, byte[] needle) {
        for (int j = 0; j < needle.length; j++) {
            if (buffer[at + j] != needle[j]) {
                return false;
            }
        }
        return true;
    }
}
