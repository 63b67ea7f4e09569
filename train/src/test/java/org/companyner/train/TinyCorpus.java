package org.companyner.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A small invented news corpus in CLUENER format (company names and sentences made up for the
 * tests): every name appears in every template, so any sentence carved out for dev has near-copies
 * in the training part. Shared with the CLI tests through this module's test jar; the name with
 * Latin letters (星辰ABC) lets them check that output keeps the original case.
 */
public final class TinyCorpus {
    static final List<String> COMPANIES = List.of(
            "华星科技股份有限公司", "蓝海集团", "青松智能科技有限公司", "金帆物流集团", "云帆软件有限公司",
            "恒信证券股份有限公司", "明德医药集团", "星辰ABC科技有限公司", "远航航运有限公司", "星河银行");
    static final List<String> TEMPLATES = List.of(
            "%s今日发布年度报告。", "据悉，%s计划在杭州设立研发中心。", "分析师认为%s的业绩将稳步增长",
            "%s与本地政府签署合作协议", "投资者关注%s的新产品发布会");
    static final List<String> NEGATIVES = List.of(
            "今日股市小幅上涨。", "央行宣布维持利率不变", "分析师认为下半年消费将回暖", "本周天气晴朗适合出行", "投资者关注政策动向");

    private TinyCorpus() {
    }

    /** Writes the corpus (55 sentences) to {@code file} as CLUENER JSON lines with label {@code company}. */
    public static Path write(Path file) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<String> lines = new ArrayList<>();
        for (String template : TEMPLATES) {
            for (String name : COMPANIES) {
                String text = String.format(template, name);
                int start = text.indexOf(name); // all BMP characters: char offsets are code point offsets
                Map<String, Object> label = Map.of("company", Map.of(name, List.of(List.of(start, start + name.length() - 1))));
                lines.add(json.writeValueAsString(Map.of("text", text, "label", label)));
            }
        }
        for (String text : NEGATIVES) {
            lines.add(json.writeValueAsString(Map.of("text", text, "label", Map.of())));
        }
        Files.write(file, lines, StandardCharsets.UTF_8);
        return file;
    }
}
