package org.companyner.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.companyner.text.CodePoints;
import org.companyner.text.Document;
import org.companyner.text.Entity;

/** Writing then reading gives back the same documents, in every format. */
class RoundTripTest {
    /** Chinese, full-width, emoji (surrogate pairs) and spaces: what every format must carry. */
    private static final String COMMON = "云帆数据青石资本公司银行的了。，ＡＢＣ１２３😀🚀𠀀 \u3000ab#]";
    /** Characters only the JSON formats can carry. */
    private static final String JSON_ONLY = "\n\r\t\"\\[@$*/\u2028";

    @Property(tries = 200)
    void cluener(@ForAll("jsonDocs") List<Document> docs) {
        assertRoundTrip(docs, Format.CLUENER, "company");
    }

    @Property(tries = 200)
    void cfsc(@ForAll("jsonDocs") List<Document> docs) {
        assertRoundTrip(docs, Format.CFSC, "Corporate");
    }

    @Property(tries = 200)
    void jsonl(@ForAll("jsonDocs") List<Document> docs) {
        assertRoundTrip(docs, Format.JSONL, "company");
    }

    @Property(tries = 200)
    void bio(@ForAll("lineDocs") List<Document> docs) {
        assertRoundTrip(docs, Format.BIO, "ORG");
    }

    @Property(tries = 200)
    void bioes(@ForAll("lineDocs") List<Document> docs) {
        assertRoundTrip(docs, Format.BIOES, "ORG");
    }

    @Property(tries = 200)
    void bmes(@ForAll("lineDocs") List<Document> docs) {
        assertRoundTrip(docs, Format.BMES, "ORG");
    }

    @Property(tries = 200)
    void yedda(@ForAll("lineDocs") List<Document> docs) {
        assertRoundTrip(docs, Format.YEDDA, "Company");
    }

    private static void assertRoundTrip(List<Document> docs, Format format, String label) {
        StringWriter out = new StringWriter();
        DataWriter.write(docs, format, label, out);
        byte[] bytes = out.toString().getBytes(StandardCharsets.UTF_8);
        assertThat(DataReader.read(new ByteArrayInputStream(bytes), "test", format, LabelMap.parse(label)))
                .containsExactlyElementsOf(docs);
    }

    @Provide
    Arbitrary<List<Document>> jsonDocs() {
        return documents(COMMON + JSON_ONLY, 0);
    }

    /** Texts for the line based formats: no line breaks, not blank (a blank YEDDA line is no document). */
    @Provide
    Arbitrary<List<Document>> lineDocs() {
        return documents(COMMON, 1);
    }

    private static Arbitrary<List<Document>> documents(String alphabet, int minLength) {
        int[] chars = CodePoints.of(alphabet);
        Arbitrary<String> texts = Arbitraries.of(toStrings(chars)).list().ofMinSize(minLength).ofMaxSize(20)
                .map(parts -> String.join("", parts))
                .filter(text -> minLength == 0 || !text.isBlank());
        return Combinators.combine(texts, Arbitraries.longs())
                .as((text, seed) -> withEntities(text, new Random(seed)))
                .list().ofMinSize(1).ofMaxSize(3);
    }

    private static List<String> toStrings(int[] chars) {
        List<String> out = new ArrayList<>();
        for (int c : chars) {
            out.add(Character.toString(c));
        }
        return out;
    }

    /** Random disjoint (possibly adjacent) entities covering parts of {@code text}. */
    private static Document withEntities(String text, Random random) {
        int length = CodePoints.length(text);
        List<Entity> entities = new ArrayList<>();
        for (int start = 0; start < length; ) {
            int end = Math.min(length, start + 1 + random.nextInt(4));
            if (random.nextInt(3) == 0) {
                entities.add(Entity.of(text, start, end, Entity.COMPANY, 1.0));
            }
            start = end;
        }
        return new Document(text, entities);
    }
}
