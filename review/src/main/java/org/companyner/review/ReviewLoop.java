package org.companyner.review;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.companyner.UserError;
import org.companyner.io.AtomicFiles;
import org.companyner.io.DataWriter;
import org.companyner.io.Format;
import org.companyner.runtime.Annotation;
import org.companyner.runtime.Recognizer;
import org.companyner.text.Document;

/** The plain functions behind {@code review build} and {@code review export}. */
public final class ReviewLoop {
    private static final int BATCH = 512;

    private ReviewLoop() {
    }

    /** What {@code build} wrote. */
    public record Built(int sentences, int queued, int labelOnly, int modelOnly) {
    }

    /**
     * Runs {@code recognizer} over {@code docs} and writes the ranked queue to {@code out} (atomically).
     *
     * @param model, data, dataFormat, label recorded in the header
     */
    public static Built build(List<Document> docs, Recognizer recognizer, Path out, String model, String data,
                              String dataFormat, String label) {
        return build(docs, recognizer, out, model, data, dataFormat, label, 0);
    }

    /** As above; {@code uncertain} agreed sentences where the model is least sure are queued after the disputed ones. */
    public static Built build(List<Document> docs, Recognizer recognizer, Path out, String model, String data,
                              String dataFormat, String label, int uncertain) {
        List<Annotation> annotations = new ArrayList<>(docs.size());
        for (int from = 0; from < docs.size(); from += BATCH) {
            List<String> texts = docs.subList(from, Math.min(docs.size(), from + BATCH)).stream().map(Document::text).toList();
            annotations.addAll(recognizer.annotate(texts));
        }
        List<QueueItem> items = Ranking.rank(docs, annotations, uncertain);
        int queued = (int) items.stream().filter(QueueItem::queued).count();
        int labelOnly = 0, modelOnly = 0;
        for (QueueItem q : items) {
            for (Dispute d : q.disputes()) {
                if (d.side().equals(Dispute.LABEL)) {
                    labelOnly++;
                } else {
                    modelOnly++;
                }
            }
        }
        QueueHeader header = new QueueHeader(QueueHeader.FORMAT, QueueHeader.VERSION, model, data, dataFormat, label,
                Ranking.DESCRIPTION + (uncertain > 0 ? "; then up to " + uncertain + " agreed sentences by model "
                        + "uncertainty (sum of 1 - max marginal, plus 1 - P(O) on unknown positions)" : ""),
                items.size(), queued);
        QueueFile.write(out, header, items);
        return new Built(items.size(), queued, labelOnly, modelOnly);
    }

    /**
     * Writes the corrected data of {@code queue} (its decision log replayed) to {@code out} in {@code format}: every
     * sentence in data order, decided ones with the decisions, the others with their labels; with {@code decidedOnly}
     * just the decided ones. Returns the number of sentences written.
     *
     * @throws UserError when the format cannot hold the result (e.g. unknown ranges outside JSONL)
     */
    public static int export(QueueFile.Queue queue, Path out, Format format, String label, boolean decidedOnly) {
        ReviewState state = DecisionLog.replay(queue);
        List<Document> docs = state.corrected(decidedOnly);
        try {
            AtomicFiles.write(out, stream -> {
                Writer w = new java.io.BufferedWriter(new java.io.OutputStreamWriter(stream, StandardCharsets.UTF_8));
                DataWriter.write(docs, format, label, w);
            });
        } catch (IOException e) {
            throw new UserError("cannot write " + out + ": " + e.getMessage(), e);
        }
        return docs.size();
    }
}
