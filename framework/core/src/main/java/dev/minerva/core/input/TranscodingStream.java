package dev.minerva.core.input;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Text in another encoding (UTF-16, UTF-32) re-encoded as UTF-8 bytes, so every format reads one encoding; malformed
 * input becomes U+FFFD, as for UTF-8.
 */
final class TranscodingStream extends InputStream {
    private final Reader reader;
    private final CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
            .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
    private final CharBuffer chars = CharBuffer.allocate(8192);
    private final ByteBuffer bytes = ByteBuffer.allocate(3 * 8192 + 16);
    private boolean endOfInput;
    private boolean done;

    TranscodingStream(InputStream in, Charset charset) {
        this.reader = new InputStreamReader(in, charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE));
        chars.flip();
        bytes.flip();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        while (!bytes.hasRemaining()) {
            if (done) {
                return -1;
            }
            refill();
        }
        int n = Math.min(length, bytes.remaining());
        bytes.get(buffer, offset, n);
        return n;
    }

    private void refill() throws IOException {
        bytes.clear();
        chars.compact();
        if (!endOfInput && reader.read(chars) < 0) {
            endOfInput = true;
        }
        chars.flip();
        encoder.encode(chars, bytes, endOfInput);
        if (endOfInput && !chars.hasRemaining()) {
            encoder.flush(bytes);
            done = true;
        }
        bytes.flip();
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
