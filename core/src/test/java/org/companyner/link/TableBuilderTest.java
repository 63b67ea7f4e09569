package org.companyner.link;

import org.companyner.UserError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The table builder on a small data folder of the shared layout (public facts and invented companies). */
class TableBuilderTest {
    static Path dataFolder(Path root) throws IOException {
        Path g = Files.createDirectories(root.resolve("gazetteers"));
        Files.writeString(g.resolve("szse_listed_companies.tsv"), String.join("\n",
                "board\tfull_name\tenglish_name\ta_code\ta_short_name\tb_code\tb_short_name\tprovince\tcity\tindustry",
                "主板\t平安银行股份有限公司\tPing An Bank\t000001\t平安银行\t\t\t广东\t深圳市\tJ",
                "主板\t万科企业股份有限公司\tVanke\t000002\t万  科Ａ\t200002\t万  科Ｂ\t广东\t深圳市\tK") + "\n");
        Files.writeString(g.resolve("a_share_companies_fullname_2021.jsonl"), String.join("\n",
                "{\"name\": \"贵州茅台\", \"fullname\": \"贵州茅台酒股份有限公司\", \"code\": \"600519.SH\", \"location\": \"上海证券交易所\"}",
                // the same code on the row of another company (as the real list has): not trusted, recovered from the stock list
                "{\"name\": \"云帆科技\", \"fullname\": \"云帆科技股份有限公司\", \"code\": \"688999\", \"location\": \"上海证券交易所\"}",
                "{\"name\": \"云帆科技\", \"fullname\": \"星海重工股份有限公司\", \"code\": \"688999\", \"location\": \"上海证券交易所\"}",
                // a company renamed since: SZSE's current name wins, this one becomes a former name
                "{\"name\": \"深发展Ａ\", \"fullname\": \"深圳发展银行股份有限公司\", \"code\": \"000001\", \"location\": \"深圳证券交易所\"}",
                "{\"name\": \"\", \"fullname\": \"\", \"code\": \"\", \"location\": \"\"}") + "\n");
        Files.writeString(g.resolve("a_share_stock_basic_2021.csv"), String.join("\n",
                ",TS代码,股票代码,股票名称,行业",
                "0,000001.SZ,000001,平安银行,银行",
                "1,601888.SH,601888,星海重工,机械",
                "2,601999.SH,601999,月湖股份,食品") + "\n");
        Path s = Files.createDirectories(root.resolve("smoothnlp_fin"));
        Files.writeString(s.resolve("companies_10k.jsonl"), String.join("\n",
                "{\"名称\": \"云朵\", \"公司名称\": \"杭州云朵网络科技有限公司\", \"公司介绍\": \"不会进入表\"}",
                "{\"名称\": \"深发展\", \"公司名称\": \"深圳发展银行股份有限公司\", \"公司介绍\": \"\"}") + "\n");
        return root;
    }

    @Test
    void buildsOneRecordPerCompanyWithNamesAndCodesOnly(@TempDir Path tmp) throws IOException {
        List<String> log = new ArrayList<>();
        CompanyTable t = TableBuilder.build(dataFolder(tmp), log::add);
        Company pingan = t.byId("000001.SZ");
        assertThat(pingan.name()).isEqualTo("平安银行股份有限公司");
        assertThat(pingan.otherNames()).contains("深圳发展银行股份有限公司", "深发展A");
        assertThat(pingan.shortNames()).contains("平安银行", "深发展"); // the unlisted source's brand merged by former name
        Company vanke = t.byId("000002.SZ");
        assertThat(vanke.shortNames()).containsExactly("万科A", "万科B");
        assertThat(vanke.codes()).containsExactly("000002", "200002");
        assertThat(t.byId("600519.SH").exchange()).isEqualTo("SSE");
        assertThat(t.byId("601888.SH").name()).isEqualTo("星海重工股份有限公司");
        assertThat(t.byId("601999.SH").name()).as("a stock without registered name keeps its short name").isEqualTo("月湖股份");
        assertThat(t.companies()).filteredOn(c -> c.name().equals("杭州云朵网络科技有限公司")).singleElement()
                .satisfies(c -> assertThat(c.id()).matches("N[0-9a-f]{10}"));
        assertThat(log).anyMatch(l -> l.contains("a_share_companies_fullname_2021.jsonl:5"));
        assertThat(new Linker(t).link("深发展Ａ").id()).isEqualTo("000001.SZ");
    }

    @Test
    void aMissingSourceNamesTheFileAndTheOption(@TempDir Path tmp) {
        assertThatThrownBy(() -> TableBuilder.build(tmp, s -> { }))
                .isInstanceOf(UserError.class).hasMessageContaining("szse_listed_companies.tsv").hasMessageContaining("--data");
    }
}
