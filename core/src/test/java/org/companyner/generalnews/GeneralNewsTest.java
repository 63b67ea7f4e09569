package org.companyner.generalnews;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.companyner.UserError;
import org.companyner.text.Entity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The general-news reader on a tiny invented data folder (no corpus text). */
class GeneralNewsTest {
    @TempDir
    Path root;

    /** Invented sentences: msra is tab-separated, pd space-separated, like the real files. */
    private void writeFixture() throws IOException {
        write("msra_ner/msra_test_bio.txt", '\t', List.of(
                "蓝海集团", "B-ORG I-ORG I-ORG I-ORG", "和", "O", "国务院", "B-ORG I-ORG I-ORG", "", "",
                "王", "B-PER", "好", "O"));
        write("people_daily1998_ner/example.test", ' ', List.of(
                "𠀀", "O", "星河", "B-ORG I-ORG", "在", "O", "北京", "B-LOC I-LOC"));
    }

    /** Writes one character a line; pairs of (chars, tags), "" for a sentence break. */
    private void write(String path, char sep, List<String> pairs) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < pairs.size(); i += 2) {
            String chars = pairs.get(i);
            if (chars.isEmpty()) {
                b.append('\n');
                continue;
            }
            String[] tags = pairs.get(i + 1).split(" ");
            int[] cps = chars.codePoints().toArray();
            for (int c = 0; c < cps.length; c++) {
                b.appendCodePoint(cps[c]).append(sep).append(tags[c]).append('\n');
            }
        }
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, b.toString(), StandardCharsets.UTF_8);
    }

    private String table(String msraSha, String... rows) {
        StringBuilder b = new StringBuilder("# test table\n");
        b.append("# file\tmsra\tmsra_ner/msra_test_bio.txt\tsha256=").append(msraSha).append("\tsentences=2\n");
        b.append("# file\tpd\tpeople_daily1998_ner/example.test\tsha256=")
                .append(GeneralNews.sha256(root.resolve("people_daily1998_ner/example.test"))).append("\tsentences=1\n");
        b.append(GeneralNews.Table.HEADER).append('\n');
        for (String r : rows) {
            b.append(r).append('\n');
        }
        return b.toString();
    }

    private GeneralNews read(String table) {
        return GeneralNews.read(root, new StringReader(table), "companies.tsv");
    }

    private String msraSha() {
        return GeneralNews.sha256(root.resolve("msra_ner/msra_test_bio.txt"));
    }

    private static final String[] ROWS = {
        "msra\t0\t0\t4\tCOMPANY\trule", "msra\t0\t5\t8\tOTHER\trule", "pd\t0\t1\t3\tCOMPANY\thand"};

    @Test
    void keepsEverySentenceWithOnlyTheCompanyMentionsAtCodePointOffsets() throws IOException {
        writeFixture();
        GeneralNews set = read(table(msraSha(), ROWS));
        assertThat(set.documents()).hasSize(3);
        assertThat(set.documents().get(0).entities()).containsExactly(new Entity(0, 4, "蓝海集团", Entity.COMPANY, 1.0));
        assertThat(set.documents().get(1).entities()).isEmpty();
        // 𠀀 is one code point (two UTF-16 units): 星河 starts at 1
        assertThat(set.documents().get(2).entities()).containsExactly(new Entity(1, 3, "星河", Entity.COMPANY, 1.0));
        assertThat(set.orgMentions()).isEqualTo(3);
        assertThat(set.companies()).isEqualTo(2);
        assertThat(set.brandStyle()).isEqualTo(1); // 星河: two characters, no company head
        assertThat(set.handDecided()).isEqualTo(1);
        assertThat(set.counts()).containsEntry("company_mentions", 2).containsEntry("sentences", 3);
    }

    @Test
    void aChangedSourceFileIsAnErrorNamingBothChecksums() throws IOException {
        writeFixture();
        String stale = "0".repeat(64);
        assertThatThrownBy(() -> read(table(stale, ROWS)))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("msra_test_bio.txt has changed")
                .hasMessageContaining(stale)
                .hasMessageContaining(msraSha());
    }

    @Test
    void aStoredSpanThatIsNotAnOrgSpanIsAnError() throws IOException {
        writeFixture();
        // [0, 3) is inside the ORG 蓝海集团, not the span itself
        assertThatThrownBy(() -> read(table(msraSha(), "msra\t0\t0\t3\tCOMPANY\trule", ROWS[1], ROWS[2])))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("companies.tsv:5: [0, 3) of msra sentence 0 is not an ORG span");
        // a PER span is not an ORG span either
        assertThatThrownBy(() -> read(table(msraSha(), ROWS[0], ROWS[1], ROWS[2], "msra\t1\t0\t1\tCOMPANY\trule")))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("[0, 1) of msra sentence 1 is not an ORG span");
    }

    @Test
    void anOrgMentionWithoutADecisionIsAnError() throws IOException {
        writeFixture();
        assertThatThrownBy(() -> read(table(msraSha(), ROWS[0], ROWS[2])))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("1 decisions for msra, but")
                .hasMessageContaining("has 2 ORG mentions");
    }

    @Test
    void aMissingFolderOrFileIsAnErrorThatSaysWhatToGive() throws IOException {
        assertThatThrownBy(() -> GeneralNews.read(root.resolve("nowhere")))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("no such folder")
                .hasMessageContaining("--data ../shared/data");
        writeFixture();
        String table = table(msraSha(), ROWS);
        Files.delete(root.resolve("people_daily1998_ner/example.test"));
        assertThatThrownBy(() -> read(table))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("no such file")
                .hasMessageContaining("example.test");
    }

    @Test
    void aMalformedRowNamesItsLine() throws IOException {
        writeFixture();
        assertThatThrownBy(() -> read(table(msraSha(), "msra\t0\t0\t4\tMAYBE\trule")))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("companies.tsv:5:")
                .hasMessageContaining("COMPANY or OTHER");
    }
}
