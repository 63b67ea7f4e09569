package org.companyner.library;

import org.companyner.UserError;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CompanyRecognizerTest {
    static final String TEXT = "😀贵州茅台酒股份有限公司（以下简称“茅台”）今日公告，茅台营收增长。";
    static CompanyRecognizer recognizer;

    @BeforeAll
    static void load() {
        recognizer = CompanyRecognizer.load();
    }

    @AfterAll
    static void close() {
        recognizer.close();
    }

    @Test
    void theDefaultModelFindsAndLinksMentionsWithCodePointOffsets() {
        List<CompanyMention> found = recognizer.recognize(TEXT);
        assertThat(found).extracting(CompanyMention::text).contains("贵州茅台酒股份有限公司", "茅台");
        CompanyMention full = found.get(0);
        assertThat(full.start()).isEqualTo(1); // the emoji is one code point, two UTF-16 units
        assertThat(full.end()).isEqualTo(12);
        assertThat(full.link().code()).isEqualTo("600519");
        CompanyMention last = found.get(found.size() - 1);
        assertThat(last.text()).isEqualTo("茅台");
        assertThat(TEXT.codePoints().skip(last.start()).limit(last.end() - last.start())
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString()).isEqualTo("茅台");
        assertThat(last.link().id()).isEqualTo("600519.SH");
        assertThat(recognizer.recognize(List.of(TEXT), false).get(0)).allSatisfy(m -> assertThat(m.link()).isNull());
    }

    @Test
    void concurrentCallersGetWhatOneCallerGets() throws Exception {
        List<String> texts = List.of(TEXT, "平安银行与万科Ａ签约。", "", "华星科技股份有限公司今日发布公告称，招商银行股价上涨。");
        List<List<CompanyMention>> expected = recognizer.recognize(texts, true);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<CompanyMention>>> futures = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String t = texts.get(i % texts.size());
                futures.add(pool.submit(() -> recognizer.recognize(t)));
            }
            for (int i = 0; i < futures.size(); i++) {
                assertThat(futures.get(i).get()).isEqualTo(expected.get(i % texts.size()));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aClosedRecognizerRefusesWorkAndAMissingModelIsAUserError() {
        CompanyRecognizer r = CompanyRecognizer.load(Path.of("..", "models", "default"));
        r.close();
        r.close(); // twice is fine
        assertThatThrownBy(() -> r.recognize("茅台")).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThatThrownBy(() -> CompanyRecognizer.load(Path.of("no-such-model"))).isInstanceOf(UserError.class)
                .hasMessageContaining("no-such-model");
    }
}
