package org.companyner.runtime;

import org.companyner.text.CodePoints;
import org.companyner.text.Entity;
import org.companyner.text.Tags;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Averaging members' marginals and decoding them under the BIO constraint. */
class EnsembleTest {
    /** A member that returns fixed marginals for every article (only its marginals matter to the ensemble). */
    private record Fixed(double[][] rows) implements Annotator {
        @Override
        public List<Annotation> annotate(List<String> articles) {
            return articles.stream().map(a -> new Annotation(List.of(), rows)).toList();
        }
    }

    private static double[][] random(Random r, int n) {
        double[][] m = new double[n][Tags.COUNT];
        for (double[] row : m) {
            double sum = 0;
            for (int j = 0; j < row.length; j++) {
                row[j] = r.nextDouble() + 1e-3;
                sum += row[j];
            }
            for (int j = 0; j < row.length; j++) {
                row[j] /= sum;
            }
        }
        return m;
    }

    private static boolean valid(int[] path) {
        for (int i = 0; i < path.length; i++) {
            if (path[i] == Tags.I && (i == 0 || path[i - 1] == Tags.O)) {
                return false;
            }
        }
        return true;
    }

    private static double score(double[][] m, int[] path) {
        double s = 0;
        for (int i = 0; i < path.length; i++) {
            s += Math.log(m[i][path[i]]);
        }
        return s;
    }

    @Test
    void decodingIsTheBestBioValidPathByBruteForce() {
        Random r = new Random(3);
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + r.nextInt(6);
            double[][] m = random(r, n);
            int[] path = Ensemble.decode(m);
            assertThat(valid(path)).as("trial %d", trial).isTrue();
            double best = Double.NEGATIVE_INFINITY;
            int total = (int) Math.pow(Tags.COUNT, n);
            for (int code = 0; code < total; code++) {
                int[] p = new int[n];
                for (int i = 0, c = code; i < n; i++, c /= Tags.COUNT) {
                    p[i] = c % Tags.COUNT;
                }
                if (valid(p)) {
                    best = Math.max(best, score(m, p));
                }
            }
            assertThat(score(m, path)).as("trial %d", trial).isCloseTo(best, within(1e-9));
        }
    }

    @Test
    void membersMarginalsAreAveragedAndDecodedIntoMentionsWithTheirMeanScore() {
        String text = "甲乙丙丁戊";
        // member 1 sees a mention at [1, 3), member 2 at [1, 4); the mean has B .9 at 1, I .9 at 2, I .45 at 3
        double[][] a = {{1, 0, 0}, {.1, .9, 0}, {.1, 0, .9}, {1, 0, 0}, {1, 0, 0}};
        double[][] b = {{1, 0, 0}, {.1, .9, 0}, {.1, 0, .9}, {.1, 0, .9}, {1, 0, 0}};
        try (Ensemble e = new Ensemble(List.of(new Fixed(a), new Fixed(b)))) {
            Annotation got = e.annotate(List.of(text)).get(0);
            assertThat(got.marginals()[3]).containsExactly(.55, 0, .45);
            assertThat(got.entities()).containsExactly(Entity.of(text, 1, 3, Entity.COMPANY, .9));
        }
    }

    @Test
    void anIOnlyMarginIsNeverDecodedAsAMentionStartingInside() {
        // I is the most probable tag at the start and after O, which no valid path allows
        String text = "ABCD";
        double[][] m = {{.3, 0, .7}, {.4, .1, .5}, {.9, .05, .05}, {.2, .1, .7}};
        try (Ensemble e = new Ensemble(List.of(new Fixed(m)))) {
            List<Entity> found = e.annotate(List.of(text)).get(0).entities();
            for (Entity x : found) {
                assertThat(CodePoints.substring(text, x.start(), x.end())).isEqualTo(x.text());
            }
            int[] path = Ensemble.decode(m);
            assertThat(valid(path)).isTrue();
            List<int[]> spans = new ArrayList<>(Tags.spans(path));
            assertThat(found).hasSize(spans.size());
        }
    }
}
