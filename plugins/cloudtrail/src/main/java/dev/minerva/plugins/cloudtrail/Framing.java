package dev.minerva.plugins.cloudtrail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** How a CloudTrail object frames its events, decided from its first bytes. */
enum Framing {
    /** Nothing but whitespace. */
    EMPTY,
    /** A top-level JSON array of events. */
    ARRAY,
    /** One JSON object: the S3 {"Records":[...]} file, or a digest file. */
    OBJECT,
    /** One event per line. */
    ONE_PER_LINE;

    private static final int UTF8_BOM_FIRST = 0xEF;

    /**
     * Reads ahead at most {@code limit} bytes and resets {@code in} to where it was. An object whose first line is
     * just "{" or whose first key is "Records" (or a digest key) is one document; any other object on the first line
     * starts a file of one event per line, the form log shippers write.
     */
    static Framing peek(InputStream in, int limit) throws IOException {
        in.mark(limit);
        try {
            int first = skipWhitespace(in);
            if (first == UTF8_BOM_FIRST) {
                in.skip(2);
                first = skipWhitespace(in);
            }
            if (first < 0) {
                return EMPTY;
            }
            if (first == '[') {
                return ARRAY;
            }
            if (first != '{') {
                // Not JSON at all; line mode rejects it line by line, saying what each line is.
                return ONE_PER_LINE;
            }
            int next = skipBlanks(in);
            if (next == '\n' || next == '\r') {
                return OBJECT;
            }
            String key = next == '"' ? readKey(in, 64) : "";
            return key.equals("Records") || key.equals("awsAccountId") || key.startsWith("digest") ? OBJECT : ONE_PER_LINE;
        } finally {
            in.reset();
        }
    }

    private static int skipWhitespace(InputStream in) throws IOException {
        int b;
        do {
            b = in.read();
        } while (b == ' ' || b == '\t' || b == '\n' || b == '\r');
        return b;
    }

    private static int skipBlanks(InputStream in) throws IOException {
        int b;
        do {
            b = in.read();
        } while (b == ' ' || b == '\t');
        return b;
    }

    private static String readKey(InputStream in, int max) throws IOException {
        byte[] key = new byte[max];
        int length = 0;
        for (int b = in.read(); b >= 0 && b != '"' && length < max; b = in.read()) {
            key[length++] = (byte) b;
        }
        return new String(key, 0, length, StandardCharsets.UTF_8);
    }
}
