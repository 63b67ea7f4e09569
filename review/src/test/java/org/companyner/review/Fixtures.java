package org.companyner.review;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.companyner.runtime.Annotation;
import org.companyner.text.CodePoints;
import org.companyner.text.Document;
import org.companyner.text.Entity;
import org.companyner.text.Tags;

/** A small review queue written for the tests (made-up sentences; an emoji checks code point offsets). */
final class Fixtures {
    static final String T0 = "😀华星科技发布公告，华星科技股价上涨。";
    static final String T1 = "云帆集团与北辰物流签署合作协议。";
    static final String T2 = "今天天气很好，适合出门。";
    static final String T3 = "蓝海银行宣布新任行长。";
    static final String T4 = "华星科技子公司完成融资。";

    private Fixtures() {
    }

    static List<Document> labels() {
        return List.of(
                doc(T0, 1, 5),
                doc(T1, 0, 4),
                doc(T2),
                doc(T3, 2, 6),
                doc(T4));
    }

    static List<Annotation> model() {
        return List.of(
                annotation(T0, 0.9, 1, 5, 10, 14),
                annotation(T1, 0.8, 0, 4, 5, 9),
                annotation(T2, 0.9),
                annotation(T3, 0.95, 0, 4),
                annotation(T4, 0.6, 0, 4));
    }

    /** Writes the fixture queue to {@code dir/queue.jsonl} and reads it back. */
    static QueueFile.Queue queue(Path dir) {
        Path file = dir.resolve("queue.jsonl");
        List<QueueItem> items = Ranking.rank(labels(), model());
        int queued = (int) items.stream().filter(QueueItem::queued).count();
        QueueFile.write(file, new QueueHeader(QueueHeader.FORMAT, QueueHeader.VERSION, "test-model", "fixture", "jsonl",
                "company", Ranking.DESCRIPTION, items.size(), queued), items);
        return QueueFile.read(file);
    }

    static Document doc(String text, int... spans) {
        List<Entity> entities = new ArrayList<>();
        for (int i = 0; i < spans.length; i += 2) {
            entities.add(Entity.of(text, spans[i], spans[i + 1], Entity.COMPANY, 1.0));
        }
        return new Document(text, entities);
    }

    /** The model's spans with confidence {@code p}, and marginals that give each span's tags probability p. */
    static Annotation annotation(String text, double p, int... spans) {
        int n = CodePoints.length(text);
        double[][] m = new double[n][];
        for (int i = 0; i < n; i++) {
            m[i] = new double[] {0.95, 0.03, 0.02};
        }
        List<Entity> entities = new ArrayList<>();
        for (int i = 0; i < spans.length; i += 2) {
            entities.add(Entity.of(text, spans[i], spans[i + 1], Entity.COMPANY, p));
            m[spans[i]] = new double[] {1 - p, p, 0};
            for (int j = spans[i] + 1; j < spans[i + 1]; j++) {
                m[j] = new double[] {1 - p, 0, p};
            }
        }
        return new Annotation(entities, m);
    }
}
