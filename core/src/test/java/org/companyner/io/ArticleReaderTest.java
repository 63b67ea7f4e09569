package org.companyner.io;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.companyner.UserError;
import org.companyner.text.CodePoints;
import org.junit.jupiter.api.Test;

class ArticleReaderTest {
    static List<String> readAll(String content, ArticleReader.Layout layout) throws IOException {
        List<String> all = new ArrayList<>();
        try (ArticleReader r = new ArticleReader(new ByteArrayInputStream(content.getBytes(UTF_8)), "in.jsonl", layout)) {
            for (List<String> chunk = r.next(2); !chunk.isEmpty(); chunk = r.next(2)) {
                all.addAll(chunk);
            }
        }
        return all;
    }

    @Test
    void twoJsonObjectsOnOneLineAreAnErrorNamingTheLine() {
        String in = "{\"text\":\"甲\"}\n{\"text\":\"乙\"}\n{\"text\":\"丙\"} {\"text\":\"丁\"}\n";
        assertThatThrownBy(() -> readAll(in, ArticleReader.Layout.JSONL)).isInstanceOf(UserError.class)
                .hasMessage("in.jsonl:3: malformed JSON (more after the first value); expected one JSON object per line");
    }

    @Test
    void trailingGarbageAfterAJsonObjectIsAnError() {
        assertThatThrownBy(() -> readAll("{\"text\":\"甲\"} x\n", ArticleReader.Layout.JSONL))
                .isInstanceOf(UserError.class).hasMessageStartingWith("in.jsonl:1: malformed JSON (");
        assertThatThrownBy(() -> readAll("{\"text\":\"甲\"}]\n", ArticleReader.Layout.JSONL))
                .isInstanceOf(UserError.class).hasMessageStartingWith("in.jsonl:1: malformed JSON (");
    }

    @Test
    void loneCarriageReturnStaysInsideItsArticleAndCrlfEndsALine() throws IOException {
        List<String> articles = readAll("甲\r乙公司\r\n丙\n\r\n丁\r", ArticleReader.Layout.TEXT);
        assertThat(articles).containsExactly("甲\r乙公司", "丙", "", "丁\r");
        // offsets are code points of the article as read: the '\r' counts as one
        assertThat(CodePoints.substring(articles.get(0), 3, 5)).isEqualTo("公司");
    }

    @Test
    void carriageReturnBetweenJsonObjectsDoesNotMakeANewLine() throws IOException {
        assertThatThrownBy(() -> readAll("{\"text\":\"甲\"}\r{\"text\":\"乙\"}\n", ArticleReader.Layout.JSONL))
                .isInstanceOf(UserError.class).hasMessageStartingWith("in.jsonl:1: malformed JSON (");
        assertThat(readAll("{\"text\":\"甲\"}\r\n\r\n{\"text\":\"乙\"}\r\n", ArticleReader.Layout.JSONL))
                .containsExactly("甲", "乙");
    }

    @Test
    void loneSurrogateEscapeInJsonTextIsAnErrorNamingTheLine() {
        String in = "{\"text\":\"甲\"}\n{\"text\":\"ab\\ud800c\"}\n";
        assertThatThrownBy(() -> readAll(in, ArticleReader.Layout.JSONL)).isInstanceOf(UserError.class)
                .hasMessageStartingWith("in.jsonl:2: \"text\" holds a lone surrogate \\ud800 at code point 2");
        assertThatThrownBy(() -> readAll("{\"text\":\"\\udc00\"}\n", ArticleReader.Layout.JSONL))
                .isInstanceOf(UserError.class).hasMessageStartingWith("in.jsonl:1: \"text\" holds a lone surrogate \\udc00");
        assertThatThrownBy(() -> readAll("{\"text\":\"a\\ud83d\"}\n", ArticleReader.Layout.JSONL))
                .isInstanceOf(UserError.class).hasMessageStartingWith("in.jsonl:1: \"text\" holds a lone surrogate \\ud83d");
    }

    @Test
    void surrogatePairEscapeIsOneCodePoint() throws IOException {
        assertThat(readAll("{\"text\":\"\\ud83d\\ude00公司\"}\n", ArticleReader.Layout.JSONL)).containsExactly("😀公司");
    }
}
