package dev.minerva.spi;

/**
 * Where a record or rejection sits in its object: the 1-based line it starts on and its 1-based ordinal among the
 * object's entries (records, rejections and skipped entries alike), so positions are stable across re-indexing.
 */
public record Position(long line, long record) {
    public Position {
        if (line < 1) {
            throw new IllegalArgumentException("line must be at least 1: " + line);
        }
        if (record < 1) {
            throw new IllegalArgumentException("record must be at least 1: " + record);
        }
    }

    /** For formats with one entry per line, where line and ordinal are the same number. */
    public static Position ofLine(long line) {
        return new Position(line, line);
    }

    @Override
    public String toString() {
        return line == record ? "line " + line : "line " + line + " (record " + record + ")";
    }
}
