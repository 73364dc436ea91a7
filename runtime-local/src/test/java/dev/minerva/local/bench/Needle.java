package dev.minerva.local.bench;

/**
 * A value the generator plants in known records. Each planted record holds {@link #rawText()} exactly once, so an
 * occurrence count over the raw files equals the number of records that hold it.
 *
 * @param name a short label for the table
 * @param query the Minerva query that finds the planted records
 * @param term the index term the original layout's SQL looks up
 * @param rawText the exact text that appears once in each planted record's raw bytes
 */
public record Needle(String name, String query, String term, String rawText) {
    /** The IP of the needle search: a sourceIPAddress, a flow's srcaddr or dstaddr, a syslog message. */
    public static final Needle IP = new Needle("ip", "203.0.113.77", "203.0.113.77", "203.0.113.77");
    /** An access key, only ever in a CloudTrail userIdentity. */
    public static final Needle ACCESS_KEY = new Needle("access-key", "AKIAQBENCHNEEDLE7Q2X", "akiaqbenchneedle7q2x", "AKIAQBENCHNEEDLE7Q2X");
    /** A user name, only ever in a CloudTrail userIdentity.userName (its ARN is an assumed role's, without the name). */
    public static final Needle USER = new Needle("user", "userIdentity.userName:mallory.bench",
            "mallory.bench", "\"userName\":\"mallory.bench\"");
}
