package dev.minerva.local.bench;

import dev.minerva.local.MinervaCli;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs in a child JVM with a small heap: indexes one object with {@code minerva index} and prints the exit status
 * and the process's peak resident set (VmHWM from /proc/self/status), so the heap bound is the real one.
 * Arguments: WAREHOUSE FILE.
 */
public final class MemoryProbe {
    private MemoryProbe() {}

    public static void main(String[] args) throws Exception {
        PrintWriter out = new PrintWriter(System.out, true);
        int status = MinervaCli.run(new String[] {"index", "--no-progress", "--warehouse", args[0], "--format", "vpcflow", args[1]},
                out, new PrintWriter(System.err, true));
        out.println("STATUS=" + status);
        out.println("PEAK_RSS_KB=" + peakRssKb());
        out.println("MAX_HEAP_MB=" + (Runtime.getRuntime().maxMemory() >> 20));
    }

    static long peakRssKb() throws java.io.IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return -1;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}
