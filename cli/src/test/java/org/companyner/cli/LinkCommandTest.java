package org.companyner.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.companyner.link.CompanyTable;
import org.companyner.runtime.ModelDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code tag} links by default and not with {@code --no-link}; {@code companies build} writes a table or a model's. */
class LinkCommandTest {
    private static final Path DEFAULT = Path.of("..", "models", "default");
    private static final String ARTICLE = "贵州茅台酒股份有限公司（以下简称“茅台”）今日公告，茅台营收增长。";

    @Test
    void tagLinksMentionsAndAddsDeclaredAliasesUnlessNoLink(@TempDir Path tmp) throws Exception {
        Path in = Files.writeString(tmp.resolve("a.txt"), ARTICLE + "\n", StandardCharsets.UTF_8);
        CliTest.Result linked = CliTest.run("tag", "--model", DEFAULT.toString(), in.toString());
        assertThat(linked.code()).as(linked.err()).isZero();
        JsonNode entities = linked.jsonLines().get(0).get("entities");
        assertThat(entities.findValuesAsText("text")).containsExactly("贵州茅台酒股份有限公司", "茅台", "茅台");
        assertThat(entities.get(2).get("start").asInt()).isEqualTo(ARTICLE.indexOf("茅台营收"));
        for (JsonNode e : entities) {
            assertThat(e.get("link").get("code").asText()).isEqualTo("600519");
            assertThat(e.get("link").get("id").asText()).isEqualTo("600519.SH");
        }
        CliTest.Result plain = CliTest.run("tag", "--no-link", "--model", DEFAULT.toString(), in.toString());
        assertThat(plain.code()).as(plain.err()).isZero();
        JsonNode unlinked = plain.jsonLines().get(0).get("entities");
        assertThat(unlinked.size()).isLessThan(entities.size());
        assertThat(unlinked.findValues("link")).isEmpty();
    }

    @Test
    void companiesBuildWritesATableOrIntoAModelWhoseCardThenChecksIt(@TempDir Path tmp) throws Exception {
        Path data = dataFolder(tmp.resolve("data"));
        Path out = tmp.resolve("companies.tsv.gz");
        CliTest.Result r = CliTest.run("companies", "build", "--data", data.toString(), "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(CompanyTable.read(out).byId("600519.SH").name()).isEqualTo("贵州茅台酒股份有限公司");

        Path model = tmp.resolve("model");
        Files.createDirectories(model);
        try (Stream<Path> files = Files.list(DEFAULT)) {
            for (Path f : files.filter(f -> !f.getFileName().toString().equals(ModelDir.COMPANIES)).toList()) {
                Files.copy(f, model.resolve(f.getFileName()));
            }
        }
        r = CliTest.run("companies", "build", "--data", data.toString(), "--model", model.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(ModelDir.of(model).verify().files()).containsKey(ModelDir.COMPANIES);
        Files.write(model.resolve(ModelDir.COMPANIES), new byte[]{1, 2, 3});
        CliTest.Result corrupt = CliTest.run("tag", "--model", model.toString(), out.toString());
        assertThat(corrupt.code()).isEqualTo(2);
        assertThat(corrupt.err()).contains("corrupt").contains(ModelDir.COMPANIES).doesNotContain("Exception");
    }

    /** The shared data layout with one company in each source (public facts and an invented company). */
    private static Path dataFolder(Path root) throws Exception {
        Path g = Files.createDirectories(root.resolve("gazetteers"));
        Files.writeString(g.resolve("szse_listed_companies.tsv"),
                "board\tfull_name\tenglish_name\ta_code\ta_short_name\tb_code\tb_short_name\tprovince\tcity\tindustry\n"
                        + "主板\t平安银行股份有限公司\tPing An Bank\t000001\t平安银行\t\t\t广东\t深圳市\tJ\n");
        Files.writeString(g.resolve("a_share_companies_fullname_2021.jsonl"),
                "{\"name\": \"贵州茅台\", \"fullname\": \"贵州茅台酒股份有限公司\", \"code\": \"600519\", \"location\": \"上海证券交易所\"}\n");
        Files.writeString(g.resolve("a_share_stock_basic_2021.csv"), ",TS代码,股票代码,股票名称,行业\n0,600519.SH,600519,贵州茅台,白酒\n");
        Path s = Files.createDirectories(root.resolve("smoothnlp_fin"));
        Files.writeString(s.resolve("companies_10k.jsonl"), "{\"名称\": \"云朵\", \"公司名称\": \"杭州云朵网络科技有限公司\"}\n");
        return root;
    }

    @Test
    void companiesBuildErrorsAreOneLine(@TempDir Path tmp) {
        for (List<String> args : List.of(
                List.of("companies", "build", "--data", tmp.resolve("nope").toString(), "--out", tmp.resolve("t.gz").toString()),
                List.of("companies", "build", "--data", tmp.toString(), "--out", tmp.resolve("t.gz").toString()),
                List.of("companies", "build", "--data", tmp.toString()))) {
            CliTest.Result r = CliTest.run(args.toArray(String[]::new));
            assertThat(r.code()).as(args.toString()).isEqualTo(2);
            assertThat(r.err().lines().count()).as(r.err()).isEqualTo(1);
            assertThat(r.err()).startsWith("error: ").doesNotContain("Exception");
        }
    }
}
