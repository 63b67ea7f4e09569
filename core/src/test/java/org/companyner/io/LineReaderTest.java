package org.companyner.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineReaderTest {
    static List<String> lines(String text) throws IOException {
        LineReader r = new LineReader(new StringReader(text));
        List<String> out = new ArrayList<>();
        for (String line; (line = r.readLine()) != null; ) {
            out.add(line);
        }
        return out;
    }

    @Test
    void onlyNewlineEndsALineAndCrlfLosesItsCarriageReturn() throws IOException {
        assertThat(lines("a\rb\r\nc\n\nd")).containsExactly("a\rb", "c", "", "d");
        assertThat(lines("\r\r\n")).containsExactly("\r");
        assertThat(lines("")).isEmpty();
        assertThat(lines("\n")).containsExactly("");
    }

    @Test
    void linesLongerThanTheBufferComeBackWhole() throws IOException {
        String longLine = "甲\r".repeat(100_000);
        assertThat(lines(longLine + "\r\n" + longLine)).containsExactly(longLine, longLine);
    }
}
