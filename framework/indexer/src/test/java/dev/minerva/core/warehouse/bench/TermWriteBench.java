package dev.minerva.core.warehouse.bench;

import dev.minerva.core.warehouse.LocalWarehouseStorage;
import dev.minerva.core.warehouse.ObjectManifest;
import dev.minerva.core.warehouse.ObjectOutput;
import dev.minerva.core.warehouse.SourceObject;
import dev.minerva.core.warehouse.Warehouse;
import dev.minerva.core.warehouse.WarehouseOptions;
import dev.minerva.core.warehouse.WrittenFile;
import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Random;

/**
 * Writes one big synthetic VPC-flow-like object (default 500,000 records, 10 terms each = 5 M term rows) and prints
 * rows/s, bytes and peak heap. Run with a small heap to show memory stays flat:
 * {@code java -Xmx256m -cp <test classpath> dev.minerva.core.warehouse.bench.TermWriteBench [records] [dir]}.
 */
public final class TermWriteBench {
    private TermWriteBench() {}

    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 500_000;
        Path root = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("minerva-bench");
        Warehouse warehouse = new Warehouse(new LocalWarehouseStorage(root), WarehouseOptions.defaults(),
                Clock.systemUTC());
        Random random = new Random(42);
        Instant start = Instant.parse("2020-10-01T05:00:00Z");
        AtomicLong liveAfterGc = new AtomicLong();
        watchLiveHeap(liveAfterGc);
        long began = System.nanoTime();
        ObjectManifest manifest;
        try (ObjectOutput out = warehouse.beginObject(new SourceObject(URI.create("s3://bench/flow.log.gz"), "1"))) {
            for (int seq = 1; seq <= records; seq++) {
                // Spread over three hours so several hour partitions are open at once.
                Instant ts = start.plusMillis((long) seq * 3 * 3_600_000L / records);
                String src = "10." + random.nextInt(4) + "." + random.nextInt(256) + "." + random.nextInt(256);
                String dst = "172.16." + random.nextInt(256) + "." + random.nextInt(256);
                int srcPort = random.nextInt(65536);
                int dstPort = random.nextBoolean() ? 443 : random.nextInt(1024);
                String action = random.nextInt(10) == 0 ? "REJECT" : "ACCEPT";
                String account = "12345678901" + random.nextInt(3);
                String eni = "eni-" + Integer.toHexString(random.nextInt(1 << 20));
                out.message("vpcflow", ts, seq, "{\"version\":2,\"account-id\":\"" + account + "\",\"interface-id\":\""
                        + eni + "\",\"srcaddr\":\"" + src + "\",\"dstaddr\":\"" + dst + "\",\"srcport\":" + srcPort
                        + ",\"dstport\":" + dstPort + ",\"protocol\":6,\"packets\":" + random.nextInt(100)
                        + ",\"bytes\":" + random.nextInt(100_000) + ",\"action\":\"" + action
                        + "\",\"log-status\":\"OK\"}");
                out.term("vpcflow", "account-id", account, ts, seq);
                out.term("vpcflow", "interface-id", eni, ts, seq);
                out.term("vpcflow", "srcaddr", src, ts, seq);
                out.term("vpcflow", "dstaddr", dst, ts, seq);
                out.term("vpcflow", "srcport", Integer.toString(srcPort), ts, seq);
                out.term("vpcflow", "dstport", Integer.toString(dstPort), ts, seq);
                out.term("vpcflow", "protocol", "6", ts, seq);
                out.term("vpcflow", "action", action, ts, seq);
                out.term("vpcflow", "log-status", "OK", ts, seq);
                out.term("vpcflow", "version", "2", ts, seq);
            }
            manifest = out.commit();
        }
        double seconds = (System.nanoTime() - began) / 1e9;
        long termBytes = 0;
        long messageBytes = 0;
        int termFiles = 0;
        for (WrittenFile file : manifest.files()) {
            if (file.table().equals("terms")) {
                termBytes += file.bytes();
                termFiles++;
            } else {
                messageBytes += file.bytes();
            }
        }
        long peakHeap = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peakHeap += pool.getPeakUsage().getUsed();
            }
        }
        System.out.printf("records=%d termRows=%d seconds=%.1f termRows/s=%.0f records/s=%.0f%n", manifest.records(),
                manifest.terms(), seconds, manifest.terms() / seconds, manifest.records() / seconds);
        System.out.printf("termFiles=%d termBytes=%d (%.1f B/row) messageFiles=%d messageBytes=%d%n", termFiles,
                termBytes, (double) termBytes / manifest.terms(), manifest.files().size() - termFiles, messageBytes);
        System.out.printf("maxHeap=%d MiB peakLiveHeapAfterGc=%d MiB peakHeapUsed(sum of pool peaks)=%d MiB root=%s%n",
                Runtime.getRuntime().maxMemory() >> 20, liveAfterGc.get() >> 20, peakHeap >> 20, root);
    }

    /** Tracks the largest heap left after any collection: the live set, which garbage does not inflate. */
    private static void watchLiveHeap(AtomicLong peak) {
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) collector).addNotificationListener((notification, handback) -> {
                if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                    GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from(
                            (CompositeData) notification.getUserData());
                    long used = info.getGcInfo().getMemoryUsageAfterGc().values().stream()
                            .mapToLong(MemoryUsage::getUsed).sum();
                    peak.accumulateAndGet(used, Math::max);
                }
            }, null, null);
        }
    }
}
