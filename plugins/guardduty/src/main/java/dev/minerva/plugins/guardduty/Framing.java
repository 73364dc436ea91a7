package dev.minerva.plugins.guardduty;

import java.nio.charset.StandardCharsets;

/** How an object of findings is framed, decided from its first bytes. */
enum Framing {
    /** Nothing but whitespace. */
    EMPTY,
    /** A JSON array of findings. */
    ARRAY,
    /** The GetFindings response, {@code {"Findings":[...]}}. */
    FINDINGS_WRAPPER,
    /** One or more pretty-printed findings, one after another. */
    DOCUMENTS,
    /** One finding per line, as GuardDuty exports them to S3. */
    LINES;

    /**
     * An object whose first key is {@code Findings} is the GetFindings response; an object whose first line is just
     * "{" is pretty-printed; any other object on the first line starts a file of one finding per line.
     */
    static Framing of(byte[] start) {
        int i = skip(start, 0, true);
        if (i + 2 < start.length && (start[i] & 0xFF) == 0xEF && (start[i + 1] & 0xFF) == 0xBB && (start[i + 2] & 0xFF) == 0xBF) {
            i = skip(start, i + 3, true);
        }
        if (i >= start.length) {
            return EMPTY;
        }
        if (start[i] == '[') {
            return ARRAY;
        }
        if (start[i] != '{') {
            // Not JSON; line mode rejects it line by line, saying what each line is.
            return LINES;
        }
        int afterBrace = skip(start, i + 1, false);
        boolean pretty = afterBrace >= start.length || start[afterBrace] == '\n' || start[afterBrace] == '\r';
        int key = skip(start, afterBrace, true);
        if (startsWith(start, key, "\"Findings\"") || startsWith(start, key, "\"findings\"")) {
            return FINDINGS_WRAPPER;
        }
        return pretty ? DOCUMENTS : LINES;
    }

    private static int skip(byte[] bytes, int from, boolean newlines) {
        int i = from;
        while (i < bytes.length && (bytes[i] == ' ' || bytes[i] == '\t' || (newlines && (bytes[i] == '\n' || bytes[i] == '\r')))) {
            i++;
        }
        return i;
    }

    private static boolean startsWith(byte[] bytes, int at, String text) {
        byte[] expected = text.getBytes(StandardCharsets.US_ASCII);
        if (at + expected.length > bytes.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if (bytes[at + i] != expected[i]) {
                return false;
            }
        }
        return true;
    }
}
