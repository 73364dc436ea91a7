package dev.minerva.plugins.cloudfront;

import java.util.List;
import java.util.Set;

/** The field names CloudFront documents for standard logs, in the order of today's default file. */
final class CloudFrontFields {
    /** The order CloudFront writes when a file carries no {@code #Fields} header of its own. */
    static final List<String> DEFAULT = List.of("date", "time", "x-edge-location", "sc-bytes", "c-ip", "cs-method",
            "cs(Host)", "cs-uri-stem", "sc-status", "cs(Referer)", "cs(User-Agent)", "cs-uri-query", "cs(Cookie)",
            "x-edge-result-type", "x-edge-request-id", "x-host-header", "cs-protocol", "cs-bytes", "time-taken",
            "x-forwarded-for", "ssl-protocol", "ssl-cipher", "x-edge-response-result-type", "cs-protocol-version",
            "fle-status", "fle-encrypted-fields", "c-port", "time-to-first-byte", "x-edge-detailed-result-type",
            "sc-content-type", "sc-content-len", "sc-range-start", "sc-range-end");

    static final Set<String> INTEGERS = Set.of("sc-bytes", "sc-status", "cs-bytes", "c-port", "sc-content-len",
            "sc-range-start", "sc-range-end", "fle-encrypted-fields");

    static final Set<String> DECIMALS = Set.of("time-taken", "time-to-first-byte");

    /** Fields that never hold percent-encoding, so decoding them could only corrupt a literal '%'. */
    static final Set<String> VERBATIM = Set.of("date", "time", "x-edge-request-id");

    private CloudFrontFields() {
    }
}
