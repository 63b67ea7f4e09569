package org.companyner.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.companyner.UserError;

/**
 * Strict UTF-8 reader: invalid bytes are a {@link UserError} naming the source and the line
 * they are on; a leading byte order mark is dropped. Closing it leaves the stream open.
 */
public final class Utf8Input extends Reader {
    private final InputStream in;
    private final String name;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final ByteBuffer bytes = ByteBuffer.allocate(8192).limit(0);
    private final CharBuffer chars = CharBuffer.allocate(8192).limit(0);
    private int line = 1;
    private boolean eof;
    private boolean done;
    private boolean start = true;

    public Utf8Input(InputStream in, String name) {
        this.in = in;
        this.name = name;
    }

    @Override
    public int read(char[] buf, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (!chars.hasRemaining()) {
            if (!fill()) {
                return -1;
            }
        }
        int n = Math.min(len, chars.remaining());
        chars.get(buf, off, n);
        return n;
    }

    private boolean fill() throws IOException {
        chars.clear();
        while (chars.position() == 0 && !done) {
            if (!eof) {
                bytes.compact();
                int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
                if (n < 0) {
                    eof = true;
                } else {
                    bytes.position(bytes.position() + n);
                }
                bytes.flip();
            }
            CoderResult result = decoder.decode(bytes, chars, eof);
            if (result.isError()) {
                throw new UserError("invalid UTF-8 in " + name + " at line " + (line + newlines(chars.position()))
                        + ": save the file as UTF-8");
            }
            if (eof && result.isUnderflow()) {
                decoder.flush(chars);
                done = true;
            }
        }
        line += newlines(chars.position());
        chars.flip();
        if (start && chars.hasRemaining()) {
            start = false;
            if (chars.get(0) == '\uFEFF') {
                chars.get();
            }
        }
        return chars.hasRemaining() || !done;
    }

    private int newlines(int end) {
        int n = 0;
        for (int i = 0; i < end; i++) {
            if (chars.get(i) == '\n') {
                n++;
            }
        }
        return n;
    }

    @Override
    public void close() {
        // the caller owns the stream
    }
}
