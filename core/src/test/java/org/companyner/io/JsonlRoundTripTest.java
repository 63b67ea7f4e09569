package org.companyner.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
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
import org.companyner.text.Range;
import org.companyner.text.Tags;

/**
 * JSONL keeps everything a training example carries: entity scores exactly, unknown ranges exactly,
 * marginals within the quantisation of {@link Marginals}; and what it writes it reads back and writes
 * again byte for byte.
 */
class JsonlRoundTripTest {
    /** Chinese, astral characters (surrogate pairs, so code point and UTF-16 offsets differ), JSON escapes. */
    private static final int[] ALPHABET = CodePoints.of("云帆数据青石资本公司的。😀🚀𠀀𝕏 \n\t\"\\\u2028ab");
    /** Worst error of a stored value, 0.76 steps of 1/255 (see {@link Marginals}), plus float rounding. */
    private static final double QUANTISATION = 0.76 / 255 + 1e-6;

    @Property(tries = 300)
    void documentToJsonlToDocumentKeepsScoresRangesAndMarginals(@ForAll("docs") List<Document> docs) {
        List<Document> back = read(write(docs));
        assertThat(back).hasSameSizeAs(docs);
        for (int d = 0; d < docs.size(); d++) {
            Document want = docs.get(d);
            Document got = back.get(d);
            assertThat(got.text()).isEqualTo(want.text());
            assertThat(got.entities()).isEqualTo(want.entities()); // scores compared exactly
            assertThat(got.unknown()).isEqualTo(want.unknown());
            assertThat(got.hasMarginals()).isEqualTo(want.hasMarginals());
            if (want.hasMarginals()) {
                float[][] w = want.marginals();
                float[][] g = got.marginals();
                assertThat(g).hasNumberOfRows(w.length);
                for (int i = 0; i < w.length; i++) {
                    double sum = 0;
                    for (int t = 0; t < Tags.COUNT; t++) {
                        assertThat((double) Math.abs(g[i][t] - w[i][t])).as("row %d tag %d", i, t).isLessThanOrEqualTo(QUANTISATION);
                        sum += g[i][t];
                    }
                    assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
                }
            }
        }
    }

    @Property(tries = 300)
    void jsonlToDocumentToJsonlIsByteIdentical(@ForAll("docs") List<Document> docs) {
        String first = write(docs);
        List<Document> read = read(first);
        String second = write(read);
        assertThat(second).isEqualTo(first);
        assertThat(read(second)).isEqualTo(read);
    }

    /** Lines from other tools: marginal rows rounded value by value, summing to 252..258 steps. */
    @Property(tries = 300)
    void foreignMarginalsSettleAfterOneWrite(@ForAll("foreignLines") String line) {
        String first = write(read(line));
        List<Document> settled = read(first);
        assertThat(write(settled)).isEqualTo(first);
        assertThat(read(write(settled))).isEqualTo(settled);
    }

    @Property(tries = 1000)
    void quantisedRowsSumTo255AndStayClose(@ForAll("rows") float[] row) {
        int[] q = Marginals.quantize(row);
        assertThat(q[0] + q[1] + q[2]).isEqualTo(255);
        for (int t = 0; t < Tags.COUNT; t++) {
            assertThat(q[t]).isBetween(0, 255);
            assertThat(Math.abs(q[t] / 255.0 - row[t])).isLessThanOrEqualTo(QUANTISATION);
        }
    }

    private static String write(List<Document> docs) {
        StringWriter out = new StringWriter();
        DataWriter.write(docs, Format.JSONL, "company", out);
        return out.toString();
    }

    private static List<Document> read(String jsonl) {
        byte[] bytes = jsonl.getBytes(StandardCharsets.UTF_8);
        return DataReader.read(new ByteArrayInputStream(bytes), "test", Format.JSONL, LabelMap.parse("company"));
    }

    @Provide
    Arbitrary<List<Document>> docs() {
        return Combinators.combine(Arbitraries.integers().between(0, 30), Arbitraries.longs())
                .as((length, seed) -> document(new Random(seed), length))
                .list().ofMinSize(1).ofMaxSize(3);
    }

    @Provide
    Arbitrary<float[]> rows() {
        return Arbitraries.longs().map(seed -> row(new Random(seed)));
    }

    @Provide
    Arbitrary<String> foreignLines() {
        return Combinators.combine(Arbitraries.integers().between(0, 20), Arbitraries.longs()).as((length, seed) -> {
            Random random = new Random(seed);
            Document doc = document(random, length);
            byte[] bytes = new byte[length * 3];
            for (int i = 0; i < length; i++) {
                int total = 252 + random.nextInt(7);
                int o = random.nextInt(total + 1);
                int b = random.nextInt(total - o + 1);
                int[] q = {o, b, total - o - b};
                for (int t = 0; t < 3; t++) {
                    if (q[t] > 255) {
                        q[t] = 255;
                    }
                    bytes[i * 3 + t] = (byte) q[t];
                }
                if (q[0] + q[1] + q[2] < 252) {
                    bytes[i * 3] = (byte) 85;
                    bytes[i * 3 + 1] = (byte) 85;
                    bytes[i * 3 + 2] = (byte) 85;
                }
            }
            String written = write(List.of(doc.withMarginals(null)));
            return written.substring(0, written.length() - 2) + ",\"marginals\":\"" + Base64.getEncoder().encodeToString(bytes) + "\"}\n";
        });
    }

    private static Document document(Random random, int length) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < length; i++) {
            sb.appendCodePoint(ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        String text = sb.toString();
        List<Entity> entities = new ArrayList<>();
        List<Range> unknown = new ArrayList<>();
        int lastUnknownEnd = -1;
        for (int start = 0; start < length; ) {
            int end = Math.min(length, start + 1 + random.nextInt(4));
            int r = random.nextInt(6);
            if (r < 2) {
                double score = switch (random.nextInt(4)) {
                    case 0 -> 1.0;
                    case 1 -> 0.0;
                    default -> random.nextDouble();
                };
                entities.add(Entity.of(text, start, end, Entity.COMPANY, score));
            }
            // unknown ranges may cover mentions, touch each other (then they are merged) or leave gaps
            if (r >= 1 && r < 4 && start >= lastUnknownEnd) {
                int uEnd = Math.min(length, start + 1 + random.nextInt(6));
                unknown.add(new Range(start, uEnd));
                lastUnknownEnd = uEnd;
            }
            start = end;
        }
        float[][] marginals = null;
        if (random.nextInt(3) > 0) {
            marginals = new float[length][];
            for (int i = 0; i < length; i++) {
                marginals[i] = row(random);
            }
        }
        return new Document(text, entities, unknown, marginals);
    }

    /** A random distribution over O, B, I: one-hot, uniform-ish, tiny values, or off by up to the tolerance. */
    private static float[] row(Random random) {
        switch (random.nextInt(5)) {
            case 0 -> {
                float[] row = new float[3];
                row[random.nextInt(3)] = 1;
                return row;
            }
            case 1 -> {
                return new float[] {1f / 3, 1f / 3, 1f / 3};
            }
            case 2 -> {
                float small = random.nextFloat() / 300;
                return new float[] {1 - 2 * small, small, small};
            }
            default -> {
                double a = random.nextDouble();
                double b = random.nextDouble();
                double c = random.nextDouble();
                double scale = (1 + (random.nextDouble() * 2 - 1) * 0.0009) / (a + b + c + 1e-12);
                float[] row = {(float) Math.min(1, a * scale), (float) Math.min(1, b * scale), (float) Math.min(1, c * scale)};
                double sum = row[0] + row[1] + row[2];
                return Math.abs(sum - 1) <= 0.00095 ? row : new float[] {0.2f, 0.3f, 0.5f};
            }
        }
    }
}
