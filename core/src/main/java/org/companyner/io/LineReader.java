package org.companyner.io;

import java.io.IOException;
import java.io.Reader;

/**
 * Splits text into lines the way our formats define them: a line ends at {@code \n}, and the
 * {@code \r} of a CRLF ending is dropped. Any other {@code \r} is part of the line, unlike
 * {@link java.io.BufferedReader#readLine()}, which would end a line there and shift every later
 * line number (and, for tagging, every later article). Line numbers therefore agree with those
 * {@link Utf8Input} reports. Closing it leaves the underlying reader open.
 */
final class LineReader {
    private final Reader in;
    private final char[] buf = new char[1 << 16];
    private int pos;
    private int limit;
    private boolean eof;

    LineReader(Reader in) {
        this.in = in;
    }

    /** The next line without its {@code \n} or {@code \r\n}; a last line without {@code \n} counts; null at the end. */
    String readLine() throws IOException {
        StringBuilder partial = null;
        while (true) {
            if (pos == limit && !fill()) {
                return partial == null ? null : partial.toString();
            }
            int start = pos;
            while (pos < limit && buf[pos] != '\n') {
                pos++;
            }
            if (pos < limit) {
                String line = partial == null
                        ? new String(buf, start, pos - start)
                        : partial.append(buf, start, pos - start).toString();
                pos++; // the '\n'
                return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
            }
            if (partial == null) {
                partial = new StringBuilder();
            }
            partial.append(buf, start, pos - start);
        }
    }

    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        int n;
        do {
            n = in.read(buf, 0, buf.length);
        } while (n == 0);
        if (n < 0) {
            eof = true;
            return false;
        }
        pos = 0;
        limit = n;
        return true;
    }
}
