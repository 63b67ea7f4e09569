package org.companyner.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.companyner.eval.Evaluator;
import org.companyner.eval.Scores;
import org.companyner.io.DataReader;
import org.companyner.io.Format;
import org.companyner.io.LabelMap;
import org.companyner.lexicon.Gazetteer;
import org.companyner.runtime.LoadedModel;
import org.companyner.text.Document;
import org.companyner.text.Entity;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code eval}: entity-level exact-match precision, recall and F1 of a model on labelled data. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Scores a model on a labelled file (entity-level exact match on [start, end)).")
final class EvalCommand implements Callable<Integer> {
    @Option(names = "--data", required = true, paramLabel = "FILE", description = "Labelled data file.")
    Path data;

    @Option(names = "--format", required = true, paramLabel = "FORMAT",
            description = "cluener, cfsc, bio, bioes, bmes, yedda or jsonl.")
    String format;

    @Option(names = "--label", required = true, paramLabel = "LABEL",
            description = "Dataset label(s) that mean company, comma-separated (e.g. company, Corporate).")
    String label;

    @Option(names = "--json", description = "Print one JSON object instead of a table.")
    boolean asJson;

    @Option(names = "--errors", paramLabel = "FILE",
            description = "Write false positives and false negatives with context as JSON lines.")
    Path errors;

    @Option(names = "--split-by-lexicon", paramLabel = "LEXICON",
            description = "A lexicon.txt (e.g. of a lexicon model): also report recall of gold mentions in and out of it.")
    Path splitLexicon;

    @Mixin
    ModelOptions model;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        OutputFiles.checkWritable(errors, "--errors");
        List<Document> gold = DataReader.read(data, Format.parse(format), LabelMap.parse(label));
        List<Document> predicted = new ArrayList<>(gold.size());
        double seconds;
        String modelName;
        try (LoadedModel loaded = model.open()) {
            modelName = loaded.card().name();
            long t0 = System.nanoTime();
            List<List<Entity>> found = loaded.recognizer().recognize(gold.stream().map(Document::text).toList());
            seconds = (System.nanoTime() - t0) / 1e9;
            for (int i = 0; i < gold.size(); i++) {
                predicted.add(new Document(gold.get(i).text(), found.get(i)));
            }
        }
        Scores s = Evaluator.score(gold, predicted);
        if (errors != null) {
            try (Writer w = Files.newBufferedWriter(errors, StandardCharsets.UTF_8)) {
                Evaluator.writeJsonLines(Evaluator.errors(gold, predicted), w);
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model", modelName);
        out.put("data", data.toString());
        out.put("precision", round(s.precision()));
        out.put("recall", round(s.recall()));
        out.put("f1", round(s.f1()));
        out.put("tp", s.tp());
        out.put("fp", s.fp());
        out.put("fn", s.fn());
        out.put("overlap_recall", round(s.overlapRecall()));
        out.put("sentences", s.sentences());
        out.put("chars", s.chars());
        out.put("chars_per_second", Math.round(s.chars() / Math.max(seconds, 1e-9)));
        if (splitLexicon != null) {
            Gazetteer lexicon = Gazetteer.load(splitLexicon);
            Evaluator.RecallSplit split = Evaluator.recallSplit(gold, predicted, lexicon::contains);
            out.put("in_lexicon_mentions", split.inMentions());
            out.put("in_lexicon_recall", round(split.inRecall()));
            out.put("out_of_lexicon_mentions", split.outMentions());
            out.put("out_of_lexicon_recall", round(split.outRecall()));
        }
        var w = spec.commandLine().getOut();
        if (asJson) {
            w.println(new ObjectMapper().writeValueAsString(out));
        } else {
            out.forEach((k, v) -> w.printf("%-18s %s%n", k, v));
        }
        w.flush();
        return 0;
    }

    private static double round(double x) {
        return Math.round(x * 1e4) / 1e4;
    }
}
