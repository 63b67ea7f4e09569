package org.companyner.link;

import org.companyner.UserError;
import org.companyner.text.Entity;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LinkerTest {
    /** Invented companies plus well-known public facts (贵州茅台 600519, 平安银行 000001, 中国平安 601318). */
    static final CompanyTable TABLE = CompanyTable.of(List.of(
            CompanyTable.company("600519.SH", "贵州茅台酒股份有限公司", List.of("贵州茅台"), List.of(), List.of("600519"), "SSE"),
            CompanyTable.company("000001.SZ", "平安银行股份有限公司", List.of("平安银行"), List.of("深发展Ａ"), List.of("000001"), "SZSE"),
            CompanyTable.company("601318.SH", "中国平安保险（集团）股份有限公司", List.of("中国平安"), List.of(), List.of("601318", "02318"), "SSE"),
            CompanyTable.company("000002.SZ", "万科企业股份有限公司", List.of("万  科Ａ"), List.of(), List.of("000002", "200002"), "SZSE"),
            CompanyTable.company("Nabc", "北京云帆网讯科技有限公司", List.of("云帆"), List.of(), List.of(), null)));
    final Linker linker = new Linker(TABLE);

    @Test
    void exactAliasesLinkToTheirRecord() {
        assertThat(linker.link("贵州茅台").id()).isEqualTo("600519.SH");
        assertThat(linker.link("贵州茅台酒股份有限公司").score()).isEqualTo(1.0);
        assertThat(linker.link("茅台").id()).isEqualTo("600519.SH");
        assertThat(linker.link("中国平安").id()).isEqualTo("601318.SH");
        assertThat(linker.link("中国平安保险(集团)股份有限公司").id()).isEqualTo("601318.SH");
        assertThat(linker.link("深发展A").id()).isEqualTo("000001.SZ");
        assertThat(linker.link("云帆网讯").id()).isEqualTo("Nabc");
    }

    @Test
    void fullWidthAndPaddedShortNamesAreNormalised() {
        Link l = linker.link("万科Ａ");
        assertThat(l.id()).isEqualTo("000002.SZ");
        assertThat(l.code()).isEqualTo("000002");
        assertThat(l.exchange()).isEqualTo("SZSE");
        assertThat(linker.link("万科").id()).isEqualTo("000002.SZ");
        assertThat(TABLE.byId("000002.SZ").shortNames()).containsExactly("万科A");
    }

    @Test
    void anAliasSharedByTwoRecordsIsNotLinkedButAGivenNameBeatsADerivedOne() {
        assertThat(TABLE.aliases().lookup("平安")).hasSize(2);
        assertThat(linker.link("平安")).isNull();
        Link bank = linker.link("平安银行");
        assertThat(bank.id()).isEqualTo("000001.SZ");
        assertThat(bank.score()).isGreaterThan(linker.link("茅台").score());
    }

    @Test
    void legalSuffixesAndRegionsFallBackAtADiscount() {
        Link l = linker.link("中国平安集团");
        assertThat(l.id()).isEqualTo("601318.SH");
        assertThat(l.score()).isLessThan(linker.link("中国平安").score());
        assertThat(linker.link("云帆公司").id()).isEqualTo("Nabc"); // a given short name + 公司
        // a fallback never reaches a derived alias (an unknown 北京云帆网讯科技公司 is not this company's brand)
        assertThat(linker.link("北京云帆网讯科技公司")).isNull();
    }

    @Test
    void unknownAndGenericNamesAreNotLinked() {
        assertThat(linker.link("华星科技股份有限公司")).isNull();
        assertThat(linker.link("银行")).isNull();
        assertThat(linker.link("公司")).isNull();
    }

    @Test
    void tableRoundTripsThroughItsFile() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TABLE.write(bytes);
        CompanyTable back = CompanyTable.read(new ByteArrayInputStream(bytes.toByteArray()), "mem");
        assertThat(back.companies()).isEqualTo(TABLE.companies());
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        back.write(again);
        assertThat(again.toByteArray()).isEqualTo(bytes.toByteArray());
    }

    @Test
    void aMalformedTableNamesFileAndLine() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (var gz = new java.util.zip.GZIPOutputStream(bytes)) {
            gz.write((CompanyTable.HEADER + "\nx\tname\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        assertThatThrownBy(() -> CompanyTable.read(new ByteArrayInputStream(bytes.toByteArray()), "t.tsv.gz"))
                .isInstanceOf(UserError.class).hasMessage("t.tsv.gz:2: expected 6 tab-separated fields, found 2");
    }

    @Test
    void linkedEntitiesKeepSpanAndScore() {
        Entity e = new Entity(0, 4, "贵州茅台", Entity.COMPANY, 0.9);
        Entity linked = e.withLink(linker.link(e.text()));
        assertThat(linked.start()).isZero();
        assertThat(linked.score()).isEqualTo(0.9);
        assertThat(linked.link().name()).isEqualTo("贵州茅台酒股份有限公司");
        assertThat(e.link()).isNull();
    }
}
