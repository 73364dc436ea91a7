package dev.minerva.local.bench;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a deterministic day of mixed AWS security logs: CloudTrail files ({@code Records} wrapper, gzip, mixed
 * identities, errors, many services), VPC Flow Logs (v2 default header and a v5 custom header, gzip, NODATA rows)
 * and JSON syslog (gzip), with the {@link Needle}s planted in known records. The same seed and size always give the
 * same bytes, so hit counts can be checked exactly and runs compared.
 */
public final class LogGenerator {
    /** Share of the raw bytes per kind: CloudTrail and VPC dominate real security-log volume. */
    private static final Map<LogKind, Double> SHARE = Map.of(
            LogKind.CLOUDTRAIL, 0.45, LogKind.VPC_FLOW_V2, 0.20, LogKind.VPC_FLOW_V5, 0.20, LogKind.SYSLOG_JSON, 0.15);
    private static final Instant DAY = Instant.parse("2024-03-05T00:00:00Z");
    // One needle per this many records on average: a handful in the small run, thousands at 1 GB.
    private static final int NEEDLE_ONE_IN = 1500;
    private static final DateTimeFormatter ISO_SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")
            .withZone(java.time.ZoneOffset.UTC);
    private static final DateTimeFormatter ISO_MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(java.time.ZoneOffset.UTC);

    private static final String[][] SERVICES = {
        {"s3.amazonaws.com", "GetObject", "PutObject", "ListBucket", "GetBucketAcl", "DeleteObject", "HeadObject"},
        {"ec2.amazonaws.com", "DescribeInstances", "RunInstances", "TerminateInstances", "DescribeSecurityGroups",
            "AuthorizeSecurityGroupIngress", "DescribeVolumes", "CreateTags"},
        {"iam.amazonaws.com", "ListRoles", "GetUser", "CreateUser", "AttachUserPolicy", "CreateAccessKey", "ListPolicies"},
        {"sts.amazonaws.com", "AssumeRole", "GetCallerIdentity", "GetSessionToken", "AssumeRoleWithWebIdentity"},
        {"kms.amazonaws.com", "Decrypt", "Encrypt", "GenerateDataKey", "DescribeKey"},
        {"lambda.amazonaws.com", "Invoke", "ListFunctions20150331", "GetFunction20150331v2", "UpdateFunctionCode20150331v2"},
        {"dynamodb.amazonaws.com", "DescribeTable", "ListTables", "CreateBackup"},
        {"logs.amazonaws.com", "CreateLogStream", "DescribeLogGroups", "PutRetentionPolicy"},
        {"signin.amazonaws.com", "ConsoleLogin", "SwitchRole"},
        {"cloudtrail.amazonaws.com", "LookupEvents", "DescribeTrails", "StopLogging"},
        {"guardduty.amazonaws.com", "ListDetectors", "GetFindings"},
        {"secretsmanager.amazonaws.com", "GetSecretValue", "ListSecrets", "DescribeSecret"},
        {"ssm.amazonaws.com", "GetParameter", "GetParameters", "StartSession", "SendCommand"},
        {"elasticloadbalancing.amazonaws.com", "DescribeLoadBalancers", "DescribeTargetHealth"},
        {"rds.amazonaws.com", "DescribeDBInstances", "CreateDBSnapshot"},
        {"route53.amazonaws.com", "ListHostedZones", "ChangeResourceRecordSets"},
    };
    private static final String[] REGIONS = {"us-east-1", "us-east-2", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2"};
    private static final String[] USER_AGENTS = {
        "aws-cli/2.15.17 Python/3.11.6 Linux/6.1.72 exe/x86_64.amzn.2023 prompt/off command/s3.cp",
        "Boto3/1.34.51 md/Botocore#1.34.51 ua/2.0 os/linux#5.10.209 md/arch#x86_64 lang/python#3.12.2 cfg/retry-mode#legacy Botocore/1.34.51",
        "aws-sdk-java/2.25.6 Linux/5.10.210 OpenJDK_64-Bit_Server_VM/17.0.10+7-LTS Java/17.0.10 vendor/Amazon.com_Inc. io/sync http/Apache cfg/retry-mode/adaptive",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36",
        "console.amazonaws.com", "AWS Internal", "terraform-provider-aws/5.39.1 (+https://registry.terraform.io) aws-sdk-go-v2/1.25.2",
    };
    private static final String[][] ERRORS = {
        {"AccessDenied", "User: %s is not authorized to perform: %s on resource: %s because no identity-based policy allows the action"},
        {"Client.UnauthorizedOperation", "You are not authorized to perform this operation. Encoded authorization failure message: %s%s%s"},
        {"NoSuchKey", "The specified key does not exist. %s%s%s"},
        {"ThrottlingException", "Rate exceeded for %s %s %s"},
        {"ResourceNotFoundException", "Requested resource not found: %s %s %s"},
    };
    private static final String[] SYSLOG_IDENTS = {"sshd", "sudo", "systemd", "kernel", "cron", "dockerd", "nginx", "amazon-ssm-agent"};

    private final long seed;
    private final Skew skew;
    // Present for the skewed day only; the uniform day draws exactly as it always did, so its bytes stay the same.
    private final Pools pools;

    public LogGenerator(long seed) {
        this(seed, Skew.UNIFORM);
    }

    public LogGenerator(long seed, Skew skew) {
        this.seed = seed;
        this.skew = requireNonNull(skew, "skew is null");
        this.pools = skew == Skew.SKEWED ? new Pools(new Random(seed * 7919 + 17)) : null;
    }

    public Skew skew() {
        return skew;
    }

    /** Writes about {@code rawBytes} of uncompressed log text under {@code root} (emptied first). */
    public BenchDataSet generate(Path root, long rawBytes) throws IOException {
        requireNonNull(root, "root is null");
        deleteTree(root);
        Files.createDirectories(root);
        Map<Needle, long[]> planted = new LinkedHashMap<>();
        for (Needle needle : List.of(Needle.IP, Needle.ACCESS_KEY, Needle.USER)) {
            planted.put(needle, new long[1]);
        }
        Map<LogKind, BenchDataSet.KindFiles> kinds = new EnumMap<>(LogKind.class);
        for (LogKind kind : LogKind.values()) {
            long target = Math.max(64 * 1024, (long) (rawBytes * SHARE.get(kind)));
            kinds.put(kind, writeKind(root, kind, target, new Random(seed * 31 + kind.ordinal()), planted));
        }
        Map<Needle, Long> counts = new LinkedHashMap<>();
        planted.forEach((needle, count) -> counts.put(needle, count[0]));
        Files.writeString(root.resolve(CONFIG), String.join("\n",
                "# Routes the generated benchmark data to its formats (written by the bench generator).",
                "sources:",
                "  - {match: 'file:cloudtrail/**', format: cloudtrail}",
                "  - {match: 'file:vpcflow/**', format: vpcflow}",
                "  - {match: 'file:syslog/**', format: syslog-json, tag: syslog}",
                ""));
        return new BenchDataSet(root, DAY, kinds, counts);
    }

    /** The source map written beside the data. */
    public static final String CONFIG = "minerva.yaml";

    /**
     * Writes one big gzip VPC Flow Log object (v5 header) of about {@code rawBytes} uncompressed, for the memory
     * measurement; returns its raw size.
     */
    public long writeOneObject(Path file, long rawBytes) throws IOException {
        Files.createDirectories(file.getParent());
        Map<Needle, long[]> ignored = new LinkedHashMap<>();
        ignored.put(Needle.IP, new long[1]);
        try (OutputStream out = new GzipFile(file)) {
            return writeVpcFlow(out, true, DAY, 86_400, rawBytes, new Random(seed), ignored).bytes;
        }
    }

    private BenchDataSet.KindFiles writeKind(Path root, LogKind kind, long target, Random random, Map<Needle, long[]> planted)
            throws IOException {
        Path folder = root.resolve(kind.folder());
        Files.createDirectories(folder);
        // Files are spread evenly over the day so every hour partition gets data, as a real day of logs does.
        long perFile = switch (kind) {
            case CLOUDTRAIL -> 2L << 20;
            case VPC_FLOW_V2, VPC_FLOW_V5 -> 6L << 20;
            case SYSLOG_JSON -> 4L << 20;
        };
        int fileCount = (int) Math.max(2, Math.min(288, (target + perFile - 1) / perFile));
        long perFileTarget = target / fileCount;
        List<Path> files = new ArrayList<>();
        long raw = 0;
        long gzip = 0;
        long records = 0;
        long slot = 86_400L / fileCount;
        // A real file covers a few minutes (CloudTrail about 5, flow logs 10): its records share one or two hours.
        long window = Math.min(slot, kind == LogKind.CLOUDTRAIL ? 300 : 600);
        for (int f = 0; f < fileCount; f++) {
            Instant from = DAY.plusSeconds(f * slot);
            Path file = folder.resolve(fileName(kind, from, f));
            Counted counted;
            try (OutputStream out = new GzipFile(file)) {
                counted = switch (kind) {
                    case CLOUDTRAIL -> writeCloudTrail(out, from, window, perFileTarget, random, planted);
                    case VPC_FLOW_V2 -> writeVpcFlow(out, false, from, window, perFileTarget, random, planted);
                    case VPC_FLOW_V5 -> writeVpcFlow(out, true, from, window, perFileTarget, random, planted);
                    case SYSLOG_JSON -> writeSyslog(out, from, window, perFileTarget, random, planted);
                };
            }
            files.add(file);
            raw += counted.bytes;
            records += counted.records;
            gzip += Files.size(file);
        }
        return new BenchDataSet.KindFiles(kind, files, raw, gzip, records);
    }

    private static String fileName(LogKind kind, Instant from, int index) {
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm'Z'").withZone(java.time.ZoneOffset.UTC).format(from);
        return switch (kind) {
            case CLOUDTRAIL -> String.format(Locale.ROOT, "111122223333_CloudTrail_us-east-1_%s_%05d.json.gz", stamp, index);
            case VPC_FLOW_V2 -> String.format(Locale.ROOT, "111122223333_vpcflowlogs_us-east-1_fl-0a1b2c3d_%s_%05d.log.gz", stamp, index);
            case VPC_FLOW_V5 -> String.format(Locale.ROOT, "111122223333_vpcflowlogs_us-east-1_fl-0e5f6a7b_%s_%05d.log.gz", stamp, index);
            case SYSLOG_JSON -> String.format(Locale.ROOT, "syslog_i-0abc%05d_%s.jsonl.gz", index, stamp);
        };
    }

    /** Uncompressed bytes and records written to one file. */
    private record Counted(long bytes, long records) {}

    private Counted writeCloudTrail(OutputStream out, Instant from, long slotSeconds, long target, Random random,
            Map<Needle, long[]> planted) throws IOException {
        StringBuilder text = new StringBuilder(4096);
        long bytes = write(out, "{\"Records\":[");
        long records = 0;
        while (bytes < target) {
            text.setLength(0);
            if (records > 0) {
                text.append(',');
            }
            Instant time = from.plusMillis((long) (random.nextDouble() * slotSeconds * 1000)).truncatedTo(ChronoUnit.SECONDS);
            cloudTrailEvent(text, time, random, planted);
            bytes += write(out, text);
            records++;
        }
        bytes += write(out, "]}");
        return new Counted(bytes, records);
    }

    private void cloudTrailEvent(StringBuilder b, Instant time, Random random, Map<Needle, long[]> planted) {
        String[] service = SERVICES[random.nextInt(SERVICES.length)];
        String eventSource = service[0];
        String eventName = service[1 + random.nextInt(service.length - 1)];
        String account = "1111222233" + (33 + random.nextInt(4));
        // The day's first event carries every needle, so even the smallest run has each one to find.
        boolean first = planted.get(Needle.USER)[0] == 0 && planted.get(Needle.ACCESS_KEY)[0] == 0;
        boolean ipNeedle = random.nextInt(NEEDLE_ONE_IN) == 0 || first;
        boolean keyNeedle = random.nextInt(NEEDLE_ONE_IN) == 0 || first;
        boolean userNeedle = random.nextInt(NEEDLE_ONE_IN) == 0 || first;
        int identity = random.nextInt(10);
        String region = REGIONS[random.nextInt(REGIONS.length)];
        String accessKey = keyNeedle ? Needle.ACCESS_KEY.rawText() : accessKey(random);
        b.append("{\"eventVersion\":\"1.09\",\"userIdentity\":{");
        String userName;
        if (userNeedle || identity < 4) {
            int user = userNeedle ? -1 : user(random);
            userName = userNeedle ? "mallory.bench" : "user" + user;
            if (userNeedle) {
                // The needle user acts through a role here, so the name appears once: in userName, not in the ARN.
                b.append("\"type\":\"IAMUser\",\"principalId\":\"").append(userId(random, user))
                        .append("\",\"arn\":\"arn:aws:iam::").append(account).append(":role/ops-break-glass\"");
            } else {
                b.append("\"type\":\"IAMUser\",\"principalId\":\"").append(userId(random, user))
                        .append("\",\"arn\":\"arn:aws:iam::").append(account).append(":user/").append(userName).append('"');
            }
            b.append(",\"accountId\":\"").append(account).append("\",\"accessKeyId\":\"").append(accessKey)
                    .append("\",\"userName\":\"").append(userName).append('"');
        } else if (identity < 8) {
            int roleIndex = skew == Skew.SKEWED ? pools.roles.next(random) : -1;
            String role = roleIndex >= 0 ? "role-" + (char) ('a' + roleIndex % 20) + roleIndex / 20
                    : "role-" + (char) ('a' + random.nextInt(20)) + random.nextInt(50);
            String session = instanceId(random);
            String roleId = roleIndex >= 0 ? pools.roleIds[roleIndex] : "AROA" + upperAlnum(random, 17);
            b.append("\"type\":\"AssumedRole\",\"principalId\":\"").append(roleId).append(':').append(session)
                    .append("\",\"arn\":\"arn:aws:sts::").append(account).append(":assumed-role/").append(role).append('/')
                    .append(session).append("\",\"accountId\":\"").append(account).append("\",\"accessKeyId\":\"")
                    .append(accessKey).append("\",\"sessionContext\":{\"sessionIssuer\":{\"type\":\"Role\",\"principalId\":\"")
                    .append(roleId).append("\",\"arn\":\"arn:aws:iam::").append(account).append(":role/").append(role)
                    .append("\",\"accountId\":\"").append(account).append("\",\"userName\":\"").append(role)
                    .append("\"},\"attributes\":{\"creationDate\":\"").append(ISO_SECONDS.format(time.minusSeconds(600)))
                    .append("\",\"mfaAuthenticated\":\"false\"}}");
        } else if (identity < 9) {
            b.append("\"type\":\"Root\",\"principalId\":\"").append(account).append("\",\"arn\":\"arn:aws:iam::")
                    .append(account).append(":root\",\"accountId\":\"").append(account).append("\",\"accessKeyId\":\"")
                    .append(accessKey).append('"');
        } else {
            b.append("\"type\":\"AWSService\",\"invokedBy\":\"").append(SERVICES[random.nextInt(SERVICES.length)][0])
                    .append('"');
            if (keyNeedle) {
                b.append(",\"accessKeyId\":\"").append(accessKey).append('"');
            }
        }
        b.append("},\"eventTime\":\"").append(ISO_SECONDS.format(time)).append("\",\"eventSource\":\"").append(eventSource)
                .append("\",\"eventName\":\"").append(eventName).append("\",\"awsRegion\":\"").append(region)
                .append("\",\"sourceIPAddress\":\"");
        if (ipNeedle) {
            b.append(Needle.IP.rawText());
        } else if (identity == 9) {
            b.append(SERVICES[random.nextInt(SERVICES.length)][0]);
        } else {
            b.append(publicAddress(random));
        }
        b.append("\",\"userAgent\":\"").append(userAgent(random)).append('"');
        if (random.nextInt(8) == 0) {
            String[] error = skew == Skew.SKEWED ? ERRORS[pools.errors.next(random)] : ERRORS[random.nextInt(ERRORS.length)];
            b.append(",\"errorCode\":\"").append(error[0]).append("\",\"errorMessage\":\"")
                    .append(String.format(Locale.ROOT, error[1], "arn:aws:iam::" + account + ":user/user" + user(random),
                            eventSource.substring(0, eventSource.indexOf('.')) + ":" + eventName,
                            "arn:aws:s3:::bucket-" + random.nextInt(60) + "/key"))
                    .append('"');
        }
        b.append(",\"requestParameters\":");
        requestParameters(b, eventSource, random, region);
        b.append(",\"responseElements\":");
        if (random.nextInt(3) == 0) {
            b.append("{\"requestId\":\"").append(uuid(random)).append("\",\"return\":true}");
        } else {
            b.append("null");
        }
        b.append(",\"requestID\":\"").append(uuid(random)).append("\",\"eventID\":\"").append(uuid(random))
                .append("\",\"readOnly\":").append(eventName.startsWith("Describe") || eventName.startsWith("List")
                        || eventName.startsWith("Get"))
                .append(",\"eventType\":\"AwsApiCall\",\"managementEvent\":").append(!eventSource.startsWith("s3"))
                .append(",\"recipientAccountId\":\"").append(account).append("\",\"eventCategory\":\"")
                .append(eventSource.startsWith("s3") ? "Data" : "Management").append('"');
        if (identity != 9) {
            b.append(",\"tlsDetails\":{\"tlsVersion\":\"TLSv1.3\",\"cipherSuite\":\"TLS_AES_128_GCM_SHA256\",\"clientProvidedHostHeader\":\"")
                    .append(eventSource.replace(".amazonaws.com", "")).append('.').append(region).append(".amazonaws.com\"}");
        }
        b.append('}');
        count(planted, Needle.IP, ipNeedle);
        count(planted, Needle.ACCESS_KEY, keyNeedle);
        count(planted, Needle.USER, userNeedle);
    }

    private static void requestParameters(StringBuilder b, String eventSource, Random random, String region) {
        switch (eventSource) {
            case "s3.amazonaws.com" -> b.append("{\"bucketName\":\"bucket-").append(random.nextInt(60))
                    .append("\",\"Host\":\"bucket-").append(random.nextInt(60)).append(".s3.").append(region)
                    .append(".amazonaws.com\",\"key\":\"data/").append(2020 + random.nextInt(5)).append('/')
                    .append(hex(random, 12)).append(".parquet\"}");
            case "ec2.amazonaws.com" -> b.append("{\"instancesSet\":{\"items\":[{\"instanceId\":\"i-0").append(hex(random, 16))
                    .append("\"}]},\"filterSet\":{},\"maxResults\":").append(5 + random.nextInt(995)).append('}');
            case "iam.amazonaws.com" -> b.append("{\"userName\":\"svc-").append(random.nextInt(90))
                    .append("\",\"policyArn\":\"arn:aws:iam::aws:policy/ReadOnlyAccess\"}");
            case "sts.amazonaws.com" -> b.append("{\"roleArn\":\"arn:aws:iam::111122223334:role/cross-account-").append(random.nextInt(20))
                    .append("\",\"roleSessionName\":\"session-").append(hex(random, 8)).append("\",\"durationSeconds\":3600}");
            case "kms.amazonaws.com" -> b.append("{\"keyId\":\"arn:aws:kms:").append(region).append(":111122223333:key/")
                    .append(uuid(random)).append("\",\"encryptionAlgorithm\":\"SYMMETRIC_DEFAULT\"}");
            case "signin.amazonaws.com" -> b.append("null");
            default -> b.append("{\"maxResults\":").append(10 + random.nextInt(90)).append(",\"nextToken\":\"")
                    .append(hex(random, 24)).append("\"}");
        }
    }

    private static final String V2_HEADER = "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status";
    private static final String V5_HEADER = "version vpc-id subnet-id instance-id interface-id account-id type srcaddr dstaddr srcport dstport "
            + "pkt-srcaddr pkt-dstaddr protocol bytes packets start end action tcp-flags log-status region az-id "
            + "sublocation-type sublocation-id pkt-src-aws-service pkt-dst-aws-service flow-direction traffic-path";

    private Counted writeVpcFlow(OutputStream out, boolean v5, Instant from, long slotSeconds, long target, Random random,
            Map<Needle, long[]> planted) throws IOException {
        StringBuilder line = new StringBuilder(256);
        long bytes = write(out, (v5 ? V5_HEADER : V2_HEADER) + "\n");
        long records = 0;
        String account = "11112222333" + random.nextInt(4);
        while (bytes < target) {
            line.setLength(0);
            // Rows advance through the window as a real capture does; a whole-day object must not jump between hours
            // at random, or every row would land in another hour's file.
            long start = from.getEpochSecond() + Math.min(slotSeconds - 1, slotSeconds * bytes / target + random.nextInt(30));
            long end = start + 30 + random.nextInt(60);
            String eni = skew == Skew.SKEWED ? pools.enis[pools.eniRank.next(random)] : "eni-0" + hex(random, 16);
            boolean noData = random.nextInt(50) == 0;
            if (noData) {
                if (v5) {
                    line.append("5 ").append(vpc(random)).append(' ').append(subnet(random)).append(" - ")
                            .append(eni).append(' ').append(account).append(" - - - - - - - - - - ").append(start).append(' ')
                            .append(end).append(" - - NODATA us-east-1 use1-az").append(1 + random.nextInt(6))
                            .append(" - - - - - -\n");
                } else {
                    line.append("2 ").append(account).append(' ').append(eni).append(" - - - - - - - ").append(start)
                            .append(' ').append(end).append(" - NODATA\n");
                }
                bytes += write(out, line);
                records++;
                continue;
            }
            boolean needle = random.nextInt(NEEDLE_ONE_IN) == 0;
            boolean inbound = random.nextBoolean();
            String local = privateAddress(random);
            String remote = needle ? Needle.IP.rawText() : (random.nextInt(3) == 0 ? privateAddress(random) : publicAddress(random));
            String src = inbound ? remote : local;
            String dst = inbound ? local : remote;
            int srcPort = inbound ? 1024 + random.nextInt(64000) : port(random);
            int dstPort = inbound ? port(random) : 1024 + random.nextInt(64000);
            int protocol = random.nextInt(10) == 0 ? 17 : 6;
            int packets = 1 + random.nextInt(500);
            long byteCount = packets * (40L + random.nextInt(1400));
            String action = random.nextInt(12) == 0 ? "REJECT" : "ACCEPT";
            if (v5) {
                line.append("5 ").append(vpc(random)).append(' ').append(subnet(random)).append(' ')
                        .append(instanceId(random)).append(' ').append(eni).append(' ').append(account).append(" IPv4 ")
                        .append(src).append(' ').append(dst).append(' ').append(srcPort).append(' ').append(dstPort)
                        // The packet-level addresses equal the flow's unless NAT; '-' keeps the needle once per line.
                        .append(" - - ").append(protocol).append(' ').append(byteCount).append(' ').append(packets)
                        .append(' ').append(start).append(' ').append(end).append(' ').append(action).append(' ')
                        .append(protocol == 6 ? random.nextInt(32) : 0).append(" OK us-east-1 use1-az")
                        .append(1 + random.nextInt(6)).append(" - - ")
                        .append(random.nextInt(5) == 0 ? "AMAZON" : "-").append(" - ")
                        .append(inbound ? "ingress" : "egress").append(' ').append(inbound ? "-" : String.valueOf(1 + random.nextInt(8)))
                        .append('\n');
            } else {
                line.append("2 ").append(account).append(' ').append(eni).append(' ').append(src).append(' ').append(dst)
                        .append(' ').append(srcPort).append(' ').append(dstPort).append(' ').append(protocol).append(' ')
                        .append(packets).append(' ').append(byteCount).append(' ').append(start).append(' ').append(end)
                        .append(' ').append(action).append(" OK\n");
            }
            bytes += write(out, line);
            records++;
            count(planted, Needle.IP, needle);
        }
        return new Counted(bytes, records);
    }

    private Counted writeSyslog(OutputStream out, Instant from, long slotSeconds, long target, Random random,
            Map<Needle, long[]> planted) throws IOException {
        StringBuilder line = new StringBuilder(512);
        long bytes = 0;
        long records = 0;
        String host = "ip-10-0-" + random.nextInt(256) + "-" + random.nextInt(256);
        while (bytes < target) {
            line.setLength(0);
            Instant time = from.plusMillis((long) (random.nextDouble() * slotSeconds * 1000));
            String ident = SYSLOG_IDENTS[random.nextInt(SYSLOG_IDENTS.length)];
            boolean needle = ident.equals("sshd") && random.nextInt(NEEDLE_ONE_IN / 8) == 0;
            line.append("{\"time\":\"").append(ISO_MILLIS.format(time)).append("\",\"host\":\"").append(host)
                    .append("\",\"ident\":\"").append(ident).append("\",\"pid\":").append(100 + random.nextInt(60000))
                    .append(",\"facility\":\"").append(ident.equals("sshd") || ident.equals("sudo") ? "auth" : "daemon")
                    .append("\",\"severity\":\"").append(random.nextInt(10) == 0 ? "warning" : "info")
                    .append("\",\"message\":\"");
            switch (ident) {
                case "sshd" -> line.append(random.nextBoolean() ? "Failed password for invalid user " : "Accepted publickey for ")
                        .append(random.nextBoolean() ? "ec2-user" : "admin" + (skew == Skew.SKEWED ? pools.admins.next(random) : random.nextInt(30))).append(" from ")
                        .append(needle ? Needle.IP.rawText() : publicAddress(random)).append(" port ")
                        .append(1024 + random.nextInt(64000)).append(" ssh2");
                case "sudo" -> line.append("ec2-user : TTY=pts/").append(random.nextInt(4))
                        .append(" ; PWD=/home/ec2-user ; USER=root ; COMMAND=/usr/bin/systemctl restart app-")
                        .append(random.nextInt(12));
                case "kernel" -> line.append("[UFW BLOCK] IN=eth0 OUT= MAC=0a:").append(hex(random, 2)).append(":")
                        .append(hex(random, 2)).append(" SRC=").append(publicAddress(random)).append(" DST=")
                        .append(privateAddress(random)).append(" LEN=60 PROTO=TCP SPT=").append(1024 + random.nextInt(64000))
                        .append(" DPT=").append(port(random));
                case "nginx" -> line.append(privateAddress(random)).append(" - - \\\"GET /api/v1/items/").append(random.nextInt(100000))
                        .append(" HTTP/1.1\\\" ").append(random.nextInt(10) == 0 ? 404 : 200).append(' ')
                        .append(random.nextInt(20000)).append(" \\\"-\\\" \\\"").append(USER_AGENTS[3]).append("\\\"");
                default -> line.append("Started session ").append(random.nextInt(100000)).append(" of unit app-")
                        .append(random.nextInt(12)).append(".service (request ").append(uuid(random)).append(')');
            }
            line.append("\"}\n");
            bytes += write(out, line);
            records++;
            count(planted, Needle.IP, needle);
        }
        return new Counted(bytes, records);
    }

    private static void count(Map<Needle, long[]> planted, Needle needle, boolean present) {
        if (present) {
            planted.get(needle)[0]++;
        }
    }

    private static final int[] COMMON_PORTS = {443, 80, 22, 53, 3389, 5432, 3306, 8080, 6379, 123};

    private int port(Random random) {
        return COMMON_PORTS[skew == Skew.SKEWED ? pools.ports.next(random) : random.nextInt(COMMON_PORTS.length)];
    }

    private String publicAddress(Random random) {
        return skew == Skew.SKEWED ? pools.publicIps[pools.publicRank.next(random)] : publicIp(random);
    }

    private String privateAddress(Random random) {
        return skew == Skew.SKEWED ? pools.privateIps[pools.privateRank.next(random)] : privateIp(random);
    }

    private String userAgent(Random random) {
        return USER_AGENTS[skew == Skew.SKEWED ? pools.agents.next(random) : random.nextInt(USER_AGENTS.length)];
    }

    private int user(Random random) {
        return skew == Skew.SKEWED ? pools.users.next(random) : random.nextInt(400);
    }

    /** An IAM user's id: one per user on the skewed day, random on the uniform one (and for the needle user). */
    private String userId(Random random, int user) {
        return skew == Skew.SKEWED && user >= 0 ? pools.userIds[user] : "AIDA" + upperAlnum(random, 17);
    }

    private String accessKey(Random random) {
        return skew == Skew.SKEWED ? pools.accessKeys[pools.keyRank.next(random)]
                : (random.nextBoolean() ? "AKIA" : "ASIA") + upperAlnum(random, 16);
    }

    private String instanceId(Random random) {
        return skew == Skew.SKEWED ? pools.instances[pools.instanceRank.next(random)] : "i-0" + hex(random, 16);
    }

    private String vpc(Random random) {
        return skew == Skew.SKEWED ? pools.vpcs[pools.vpcRank.next(random)] : "vpc-0" + hex(random, 16);
    }

    private String subnet(Random random) {
        return skew == Skew.SKEWED ? pools.subnets[pools.subnetRank.next(random)] : "subnet-0" + hex(random, 16);
    }

    /**
     * The skewed day's values: fixed pools drawn once from the seed, and a Zipf-like rank per kind of value, so the
     * first few values of a pool make most of the traffic (exponents about 1, as measured for users and hosts of
     * real networks).
     */
    private static final class Pools {
        final Zipf users = new Zipf(400, 1.1);
        final Zipf admins = new Zipf(30, 1.2);
        final Zipf roles = new Zipf(1000, 1.1);
        final Zipf keyRank = new Zipf(600, 1.0);
        final Zipf instanceRank = new Zipf(300, 1.0);
        final Zipf publicRank = new Zipf(20_000, 1.0);
        final Zipf privateRank = new Zipf(2_000, 1.0);
        final Zipf eniRank = new Zipf(300, 1.0);
        final Zipf vpcRank = new Zipf(4, 1.0);
        final Zipf subnetRank = new Zipf(24, 1.0);
        final Zipf ports = new Zipf(COMMON_PORTS.length, 1.2);
        final Zipf agents = new Zipf(USER_AGENTS.length, 1.2);
        final Zipf errors = new Zipf(ERRORS.length, 1.5);
        final String[] userIds = new String[400];
        final String[] roleIds = new String[1000];
        final String[] accessKeys = new String[600];
        final String[] instances = new String[300];
        final String[] publicIps = new String[20_000];
        final String[] privateIps = new String[2_000];
        final String[] enis = new String[300];
        final String[] vpcs = new String[4];
        final String[] subnets = new String[24];

        Pools(Random random) {
            Arrays.setAll(userIds, i -> "AIDA" + upperAlnum(random, 17));
            Arrays.setAll(roleIds, i -> "AROA" + upperAlnum(random, 17));
            Arrays.setAll(accessKeys, i -> (i % 3 == 0 ? "AKIA" : "ASIA") + upperAlnum(random, 16));
            Arrays.setAll(instances, i -> "i-0" + hex(random, 16));
            Arrays.setAll(publicIps, i -> publicIp(random));
            Arrays.setAll(privateIps, i -> privateIp(random));
            Arrays.setAll(enis, i -> "eni-0" + hex(random, 16));
            Arrays.setAll(vpcs, i -> "vpc-0" + hex(random, 16));
            Arrays.setAll(subnets, i -> "subnet-0" + hex(random, 16));
        }
    }

    /** Ranks 0..n-1 drawn with probability proportional to 1 / (rank + 1)^exponent. */
    static final class Zipf {
        private final double[] cumulative;

        Zipf(int n, double exponent) {
            cumulative = new double[n];
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += 1 / Math.pow(i + 1, exponent);
                cumulative[i] = sum;
            }
            for (int i = 0; i < n; i++) {
                cumulative[i] /= sum;
            }
        }

        int next(Random random) {
            int found = Arrays.binarySearch(cumulative, random.nextDouble());
            return Math.min(found >= 0 ? found : -found - 1, cumulative.length - 1);
        }
    }

    /** A public address outside 203.0.113.0/24, so no generated value contains the IP needle's text. */
    private static String publicIp(Random random) {
        int first = 1 + random.nextInt(222);
        if (first == 10 || first == 172 || first == 192 || first == 127 || first == 203) {
            first = 54;
        }
        return first + "." + random.nextInt(256) + "." + random.nextInt(256) + "." + (1 + random.nextInt(254));
    }

    private static String privateIp(Random random) {
        return random.nextBoolean()
                ? "10." + random.nextInt(4) + "." + random.nextInt(256) + "." + (1 + random.nextInt(254))
                : "172.31." + random.nextInt(256) + "." + (1 + random.nextInt(254));
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final char[] UPPER_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

    private static String hex(Random random, int length) {
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = HEX[random.nextInt(16)];
        }
        return new String(chars);
    }

    private static String upperAlnum(Random random, int length) {
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = UPPER_ALNUM[random.nextInt(UPPER_ALNUM.length)];
        }
        return new String(chars);
    }

    private static String uuid(Random random) {
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }

    private static long write(OutputStream out, CharSequence text) throws IOException {
        byte[] bytes = text.toString().getBytes(UTF_8);
        out.write(bytes);
        return bytes.length;
    }

    /** A buffered gzip file at the default level, as AWS services and log shippers write them. */
    private static final class GzipFile extends java.io.FilterOutputStream {
        GzipFile(Path file) throws IOException {
            super(new GZIPOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16), 1 << 16));
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
