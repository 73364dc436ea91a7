package dev.minerva.plugins.vpcflow;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** The field names AWS documents for flow logs, versions 2 to 8, and which of them hold numbers. */
final class FlowLogFields {
    static final String START = "start";

    static final List<String> DEFAULT_V2 = List.of("version", "account-id", "interface-id", "srcaddr", "dstaddr",
            "srcport", "dstport", "protocol", "packets", "bytes", "start", "end", "action", "log-status");

    /**
     * Every documented name: VPC fields of versions 2 to 8 and the transit gateway fields of version 6. Only used to
     * recognise a header line; names outside this set are still accepted as given.
     */
    static final Set<String> KNOWN = Set.of(
            // version 2
            "version", "account-id", "interface-id", "srcaddr", "dstaddr", "srcport", "dstport", "protocol",
            "packets", "bytes", "start", "end", "action", "log-status",
            // version 3
            "vpc-id", "subnet-id", "instance-id", "tcp-flags", "type", "pkt-srcaddr", "pkt-dstaddr",
            // version 4
            "region", "az-id", "sublocation-type", "sublocation-id",
            // version 5
            "pkt-src-aws-service", "pkt-dst-aws-service", "flow-direction", "traffic-path",
            // version 6: transit gateway flow logs
            "resource-type", "tgw-id", "tgw-attachment-id", "tgw-src-vpc-account-id", "tgw-dst-vpc-account-id",
            "tgw-src-vpc-id", "tgw-dst-vpc-id", "tgw-src-subnet-id", "tgw-dst-subnet-id", "tgw-src-eni",
            "tgw-dst-eni", "tgw-src-az-id", "tgw-dst-az-id", "tgw-pair-attachment-id", "packets-lost-no-route",
            "packets-lost-blackhole", "packets-lost-mtu-exceeded", "packets-lost-ttl-expired",
            // version 7: ECS
            "ecs-cluster-arn", "ecs-cluster-name", "ecs-container-instance-arn", "ecs-container-instance-id",
            "ecs-container-id", "ecs-second-container-id", "ecs-service-name", "ecs-task-definition-arn",
            "ecs-task-arn", "ecs-task-id",
            // version 8
            "reject-reason");

    /**
     * Fields AWS types as integers in its Parquet delivery. Account ids are deliberately absent: they are
     * identifiers whose leading zeros matter, not quantities.
     */
    static final Set<String> NUMERIC = Set.of("version", "srcport", "dstport", "protocol", "packets", "bytes",
            "start", "end", "tcp-flags", "traffic-path", "packets-lost-no-route", "packets-lost-blackhole",
            "packets-lost-mtu-exceeded", "packets-lost-ttl-expired");

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

    private FlowLogFields() {
    }

    /**
     * A first line is a header when every token looks like a field name and at least one is a documented name: data
     * rows always hold addresses, numbers, '-' or upper-case words, so they fail one of the two tests.
     */
    static boolean looksLikeHeader(List<String> tokens) {
        boolean anyKnown = false;
        for (String token : tokens) {
            if (!NAME.matcher(token).matches()) {
                return false;
            }
            anyKnown |= KNOWN.contains(token);
        }
        return anyKnown;
    }
}
