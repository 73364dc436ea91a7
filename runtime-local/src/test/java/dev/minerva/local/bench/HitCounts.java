package dev.minerva.local.bench;

/** One needle's record count by every route; they must all agree. -1 where a route did not run. */
public record HitCounts(Needle needle, long planted, long minerva, long originalLayout, long rawGrep) {
    public boolean agree() {
        return minerva == planted && originalLayout == planted && rawGrep == planted;
    }
}
