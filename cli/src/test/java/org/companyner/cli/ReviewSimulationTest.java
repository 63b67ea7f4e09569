package org.companyner.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.companyner.UserError;
import org.companyner.review.QueueFile;
import org.companyner.review.QueueHeader;
import org.companyner.review.QueueItem;
import org.companyner.review.Ranking;
import org.companyner.runtime.Annotation;
import org.companyner.text.Document;
import org.companyner.text.Entity;
import org.companyner.text.Range;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The simulated reviewer's training sets: which sentences take gold, and that the rest keep the queue's labels. */
class ReviewSimulationTest {
    @TempDir
    Path dir;

    /** Ten made-up sentences "公司N…"; the model finds 公司N in the even ones, the labels in none (five disputes). */
    private QueueFile.Queue queue(List<Document> weak) {
        List<Annotation> model = new ArrayList<>();
        for (int i = 0; i < weak.size(); i++) {
            String t = weak.get(i).text();
            double[][] m = new double[t.length()][];
            for (int j = 0; j < m.length; j++) {
                m[j] = new double[] {1, 0, 0};
            }
            model.add(new Annotation(i % 2 == 0 ? List.of(Entity.of(t, 0, 3, Entity.COMPANY, 0.5 + i / 100.0)) : List.of(), m));
        }
        List<QueueItem> items = Ranking.rank(weak, model);
        Path file = dir.resolve("q.jsonl");
        QueueFile.write(file, new QueueHeader(QueueHeader.FORMAT, QueueHeader.VERSION, "m", "d", "jsonl", "company",
                Ranking.DESCRIPTION, items.size(), 5), items);
        return QueueFile.read(file);
    }

    private static List<Document> sentences(boolean gold) {
        List<Document> out = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String t = "公司" + i + "发布公告。";
            out.add(gold ? new Document(t, List.of(Entity.of(t, 0, 3, Entity.COMPANY, 1.0)))
                    : new Document(t, List.of(), List.of(new Range(3, 5)), null));
        }
        return out;
    }

    private static List<Integer> withGold(List<Document> docs) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < docs.size(); i++) {
            if (!docs.get(i).entities().isEmpty()) {
                out.add(i);
            }
        }
        return out;
    }

    @Test
    void theRankedArmTakesTheTopOfTheQueueThenRandomSentencesAndTheRandomArmDrawsFromAll() {
        QueueFile.Queue q = queue(sentences(false));
        List<Document> gold = sentences(true);
        // queue order: the highest model confidence first, i.e. sentences 8, 6, 4, 2, 0
        ReviewSimulation.TrainingSet top2 = ReviewSimulation.trainingSet(q, gold, 2, true, 42);
        assertThat(withGold(top2.documents())).containsExactly(6, 8);
        assertThat(top2.changed()).isEqualTo(2);
        assertThat(top2.documents().get(1).unknown()).containsExactly(new Range(3, 5)); // unreviewed: weak labels kept
        assertThat(top2.documents().get(8).unknown()).isEmpty();
        ReviewSimulation.TrainingSet top7 = ReviewSimulation.trainingSet(q, gold, 7, true, 42);
        assertThat(withGold(top7.documents())).hasSize(7).contains(0, 2, 4, 6, 8);
        ReviewSimulation.TrainingSet random = ReviewSimulation.trainingSet(q, gold, 4, false, 42);
        assertThat(withGold(random.documents())).hasSize(4);
        assertThat(ReviewSimulation.trainingSet(q, gold, 4, false, 42).documents()).isEqualTo(random.documents());
        assertThat(ReviewSimulation.trainingSet(q, gold, 50, false, 42).reviewed()).isEqualTo(10);
    }

    @Test
    void goldThatDoesNotMatchTheQueueIsRefused() {
        QueueFile.Queue q = queue(sentences(false));
        assertThatThrownBy(() -> ReviewSimulation.trainingSet(q, sentences(true).subList(0, 9), 2, true, 42))
                .isInstanceOf(UserError.class).hasMessageContaining("9 sentences");
    }
}
