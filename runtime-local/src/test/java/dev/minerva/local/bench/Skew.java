package dev.minerva.local.bench;

import java.util.Locale;

/** How the generator draws the values that repeat in real accounts: principals, addresses, ports, agents, errors. */
public enum Skew {
    /** Every value drawn uniformly from a wide range: the worst case for compression and for the index. */
    UNIFORM,
    /**
     * Zipf-like draws from fixed pools, as in a real account: a few principals, hosts, ports, user agents and error
     * codes make most of the traffic, with a long tail. Request and event ids stay random, as they are.
     */
    SKEWED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
