package dev.minerva.core.input;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Passes valid UTF-8 through unchanged and replaces each invalid or truncated sequence with U+FFFD (EF BF BD), so a
 * format that parses bytes itself (a streaming JSON parser) sees text it can read: one bad byte costs a character,
 * never the entry or the rest of the object.
 */
final class Utf8RepairingStream extends FilterInputStream {
    private static final int CHUNK = 8192;
    private static final byte[] REPLACEMENT = {(byte) 0xEF, (byte) 0xBF, (byte) 0xBD};

    private final byte[] raw = new byte[CHUNK + 4];
    private int rawPos;
    private int rawLimit;
    private boolean eof;
    private final byte[] out = new byte[3 * (CHUNK + 4)];
    private int outPos;
    private int outLimit;
    private long replacements;

    Utf8RepairingStream(InputStream in) {
        super(in);
    }

    /** How many invalid sequences were replaced so far. */
    long replacements() {
        return replacements;
    }

    @Override
    public int read() throws IOException {
        if (outPos == outLimit && !fill()) {
            return -1;
        }
        return out[outPos++] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (outPos == outLimit && !fill()) {
            return -1;
        }
        int n = Math.min(length, outLimit - outPos);
        System.arraycopy(out, outPos, buffer, offset, n);
        outPos += n;
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = 0;
        while (skipped < n && read() >= 0) {
            skipped++;
        }
        return skipped;
    }

    @Override
    public int available() {
        return outLimit - outPos;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private boolean fill() throws IOException {
        outPos = 0;
        outLimit = 0;
        while (outLimit == 0) {
            int left = rawLimit - rawPos;
            System.arraycopy(raw, rawPos, raw, 0, left);
            rawPos = 0;
            rawLimit = left;
            if (!eof) {
                int n = in.read(raw, rawLimit, CHUNK);
                if (n < 0) {
                    eof = true;
                } else {
                    rawLimit += n;
                }
            }
            if (eof && rawLimit == 0) {
                return false;
            }
            repair();
        }
        return true;
    }

    /** Copies complete sequences from raw to out; leaves an incomplete one at the end for the next read. */
    private void repair() {
        int i = rawPos;
        while (i < rawLimit) {
            int b = raw[i] & 0xff;
            if (b < 0x80) {
                out[outLimit++] = (byte) b;
                i++;
                continue;
            }
            int need;
            if (b >= 0xC2 && b <= 0xDF) {
                need = 1;
            } else if (b >= 0xE0 && b <= 0xEF) {
                need = 2;
            } else if (b >= 0xF0 && b <= 0xF4) {
                need = 3;
            } else {
                replace();
                i++;
                continue;
            }
            int available = rawLimit - i - 1;
            int valid = 0;
            while (valid < need && valid < available && continues(b, valid, raw[i + 1 + valid] & 0xff)) {
                valid++;
            }
            if (valid == need) {
                System.arraycopy(raw, i, out, outLimit, need + 1);
                outLimit += need + 1;
                i += need + 1;
            } else if (valid == available && !eof) {
                break; // the sequence may complete with the next read
            } else {
                // The lead byte and the continuation bytes that fit it become one replacement character.
                replace();
                i += 1 + valid;
            }
        }
        rawPos = i;
    }

    /** Whether {@code next} may be continuation byte number {@code index} (0-based) after {@code lead}. */
    private static boolean continues(int lead, int index, int next) {
        if (index == 0) {
            return switch (lead) {
                case 0xE0 -> next >= 0xA0 && next <= 0xBF; // no overlong forms
                case 0xED -> next >= 0x80 && next <= 0x9F; // no UTF-16 surrogates
                case 0xF0 -> next >= 0x90 && next <= 0xBF;
                case 0xF4 -> next >= 0x80 && next <= 0x8F; // nothing past U+10FFFF
                default -> next >= 0x80 && next <= 0xBF;
            };
        }
        return next >= 0x80 && next <= 0xBF;
    }

    private void replace() {
        System.arraycopy(REPLACEMENT, 0, out, outLimit, 3);
        outLimit += 3;
        replacements++;
    }
}
