package dev.minerva.core.input;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The text encoding of an object, told from its first bytes: a byte-order mark (UTF-8, UTF-16, UTF-32), or for
 * UTF-16 without one the zero byte beside every ASCII character that log text starts with. Everything else is read
 * as UTF-8. Formats see UTF-8 without a byte-order mark whatever the object holds: a BOM would otherwise glue
 * itself to the first entry (a JSON line rejected, a header field called {@code \ufeffversion}).
 *
 * <p>UTF-16 and UTF-32 are decoded rather than refused: Windows tools (PowerShell's {@code Out-File}, Event Log
 * exports) write UTF-16 with a BOM, and the text inside is as good as any other.
 */
enum TextEncoding {
    UTF_8("UTF-8", StandardCharsets.UTF_8, 0),
    UTF_8_BOM("UTF-8 with a byte-order mark", StandardCharsets.UTF_8, 3),
    UTF_16LE_BOM("UTF-16LE with a byte-order mark", StandardCharsets.UTF_16LE, 2),
    UTF_16BE_BOM("UTF-16BE with a byte-order mark", StandardCharsets.UTF_16BE, 2),
    UTF_16LE("UTF-16LE (no byte-order mark)", StandardCharsets.UTF_16LE, 0),
    UTF_16BE("UTF-16BE (no byte-order mark)", StandardCharsets.UTF_16BE, 0),
    UTF_32LE_BOM("UTF-32LE with a byte-order mark", Charset.forName("UTF-32LE"), 4),
    UTF_32BE_BOM("UTF-32BE with a byte-order mark", Charset.forName("UTF-32BE"), 4);

    private final String description;
    private final Charset charset;
    private final int markBytes;

    TextEncoding(String description, Charset charset, int markBytes) {
        this.description = description;
        this.charset = charset;
        this.markBytes = markBytes;
    }

    /** How a person would name it. */
    String description() {
        return description;
    }

    /** Whether the bytes need re-encoding to become UTF-8. */
    boolean transcoded() {
        return charset != StandardCharsets.UTF_8;
    }

    /** Reads the first bytes of {@code in} (which must support mark) and leaves it where it was. */
    static TextEncoding detect(BufferedInputStream in) throws IOException {
        in.mark(4);
        byte[] head;
        try {
            head = in.readNBytes(4);
        } finally {
            in.reset();
        }
        return detect(head);
    }

    static TextEncoding detect(byte[] head) {
        int[] b = new int[4];
        for (int i = 0; i < 4; i++) {
            b[i] = i < head.length ? head[i] & 0xff : -1;
        }
        // UTF-32LE's mark begins like UTF-16LE's, so it is tried first.
        if (b[0] == 0xFF && b[1] == 0xFE && b[2] == 0 && b[3] == 0) {
            return UTF_32LE_BOM;
        }
        if (b[0] == 0 && b[1] == 0 && b[2] == 0xFE && b[3] == 0xFF) {
            return UTF_32BE_BOM;
        }
        if (b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF) {
            return UTF_8_BOM;
        }
        if (b[0] == 0xFF && b[1] == 0xFE) {
            return UTF_16LE_BOM;
        }
        if (b[0] == 0xFE && b[1] == 0xFF) {
            return UTF_16BE_BOM;
        }
        if (ascii(b[0]) && b[1] == 0 && ascii(b[2]) && b[3] == 0) {
            return UTF_16LE;
        }
        if (b[0] == 0 && ascii(b[1]) && b[2] == 0 && ascii(b[3])) {
            return UTF_16BE;
        }
        return UTF_8;
    }

    private static boolean ascii(int b) {
        return b > 0 && b < 0x80;
    }

    /** The content as UTF-8 without a byte-order mark. */
    InputStream open(BufferedInputStream in) throws IOException {
        in.skipNBytes(markBytes);
        return transcoded() ? new TranscodingStream(in, charset) : in;
    }

    /** A note for the object's summary when the encoding was anything but plain UTF-8. */
    Optional<String> note() {
        return this == UTF_8 ? Optional.empty() : Optional.of("read as " + description);
    }
}
