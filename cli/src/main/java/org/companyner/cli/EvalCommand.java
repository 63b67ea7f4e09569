package org.companyner.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.companyner.eval.Evaluation;
import org.companyner.eval.Evaluator;
import org.companyner.UserError;
import org.companyner.generalnews.GeneralNews;
import org.companyner.io.DataReader;
import org.companyner.io.Format;
import org.companyner.io.LabelMap;
import org.companyner.lexicon.Gazetteer;
import org.companyner.runtime.Annotator;
import org.companyner.runtime.Ensemble;
import org.companyner.link.CompanyLinker;
import org.companyner.runtime.LoadedModel;
import org.companyner.runtime.ModelDir;
import org.companyner.text.Document;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code eval}: entity-level exact-match precision, recall and F1 of a model on labelled data. A thin
 * command over {@link #evaluate}, itself over {@link Evaluator#evaluate}, the scoring path that training
 * and {@code bench} share.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Scores a model on a labelled file (entity-level exact match on [start, end)).")
final class EvalCommand implements Callable<Integer> {
    /** The --format value of the general-news company set (not a file format: a data folder and a stored table). */
    static final String GENERAL_NEWS = "general-news";

    @Option(names = "--data", required = true, paramLabel = "FILE",
            description = "Labelled data file; for --format general-news the shared data folder (../shared/data).")
    Path data;

    @Option(names = "--format", required = true, paramLabel = "FORMAT",
            description = "cluener, cfsc, bio, bioes, bmes, yedda, jsonl, or general-news (company mentions among the ORG "
                    + "mentions of the MSRA and People's Daily NER test files; data/general-news/RULE.md).")
    String format;

    @Option(names = "--label", paramLabel = "LABEL",
            description = "Dataset label(s) that mean company, comma-separated (e.g. company, Corporate); "
                    + "required except for general-news.")
    String label;

    @Option(names = "--json", description = "Print one JSON object instead of a table.")
    boolean asJson;

    @Option(names = "--errors", paramLabel = "FILE",
            description = "Write false positives and false negatives with context as JSON lines.")
    Path errors;

    @Option(names = "--split-by-lexicon", paramLabel = "LEXICON",
            description = "A lexicon.txt (e.g. of a lexicon model): also report recall of gold mentions in and out of it.")
    Path splitLexicon;

    @Option(names = "--link", description = "Score the linked output (as tag prints it): the model's mentions plus the mentions of "
            + "aliases an article declares (（以下简称“X”）); also reports the share of mentions linked.")
    boolean link;

    @Option(names = "--ensemble", split = ",", paramLabel = "DIR,DIR",
            description = {"Score an ensemble instead of --model: the models' tag marginals averaged per position and",
                    "decoded as one (the distillation teacher)."})
    List<Path> ensemble;

    @Mixin
    ModelOptions model;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        OutputFiles.checkWritable(errors, "--errors");
        GeneralNews generalNews = null;
        List<Document> gold;
        if (GENERAL_NEWS.equalsIgnoreCase(format == null ? "" : format.strip())) {
            if (label != null) {
                throw new UserError("--label does not apply to --format general-news (its companies are decided in data/general-news)");
            }
            generalNews = GeneralNews.read(data);
            gold = generalNews.documents();
        } else {
            Format f = Format.parse(format);
            if (label == null) {
                throw new UserError("--label is required for --format " + f.id() + ": give the dataset label(s) that mean company");
            }
            gold = DataReader.read(data, f, LabelMap.parse(label));
        }
        Gazetteer lexicon = splitLexicon == null ? null : Gazetteer.load(splitLexicon);
        Map<String, Object> out;
        if (ensemble != null && !ensemble.isEmpty()) {
            if (model.model != null) {
                throw new UserError("give either --model or --ensemble, not both");
            }
            if (link) {
                throw new UserError("--link scores one model with its company table: give --model, not --ensemble");
            }
            try (Ensemble teacher = model.openEnsemble(ensemble)) {
                out = evaluate(teacher, "ensemble of " + ensemble, gold, data, errors, lexicon);
            }
        } else {
            try (LoadedModel loaded = model.open()) {
                if (link && loaded.linker() == null) {
                    throw new UserError("--link: model " + loaded.card().name() + " has no company table (" + ModelDir.COMPANIES + ")");
                }
                out = evaluate(loaded.recognizer(), loaded.card().name(), gold, data, errors, lexicon, link ? loaded.linker() : null);
            }
        }
        if (generalNews != null) {
            out.put("set", GENERAL_NEWS);
            out.putAll(generalNews.counts());
            out.put("note", GeneralNews.PRECISION_NOTE);
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

    /**
     * What {@code eval} reports, for code to call too: scores {@code model} (named {@code name}) on {@code gold}
     * ({@link Evaluator#evaluate}), writes the errors as JSON lines when {@code errors} is given, and
     * returns the model's name, the data path and {@link Evaluation#metrics} (with recall in and out of
     * {@code lexicon} when it is given).
     */
    static Map<String, Object> evaluate(Annotator model, String name, List<Document> gold, Path data, Path errors,
                                        Gazetteer lexicon) throws IOException {
        return evaluate(model, name, gold, data, errors, lexicon, null);
    }

    /**
     * As above; with a {@code linker}, the predictions are the linked output (mentions added by document aliases
     * included), and the share of mentions linked is reported too.
     */
    static Map<String, Object> evaluate(Annotator model, String name, List<Document> gold, Path data, Path errors,
                                        Gazetteer lexicon, CompanyLinker linker) throws IOException {
        Evaluation e = Evaluator.evaluate(model, gold);
        long added = 0;
        long linked = 0;
        long mentions = 0;
        if (linker != null) {
            List<Document> predicted = new java.util.ArrayList<>(e.predicted().size());
            for (Document d : e.predicted()) {
                List<org.companyner.text.Entity> l = linker.link(d.text(), d.entities());
                added += l.size() - d.entities().size();
                linked += l.stream().filter(x -> x.link() != null).count();
                mentions += l.size();
                predicted.add(new Document(d.text(), l));
            }
            e = new Evaluation(gold, predicted, Evaluator.score(gold, predicted), e.seconds());
        }
        if (errors != null) {
            try (Writer w = Files.newBufferedWriter(errors, StandardCharsets.UTF_8)) {
                Evaluator.writeJsonLines(e.errors(), w);
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model", name);
        out.put("data", data.toString());
        out.putAll(e.metrics(lexicon == null ? null : lexicon::contains));
        if (linker != null) {
            out.put("mentions_added_by_document_aliases", added);
            out.put("mentions_linked", linked);
            out.put("share_linked", mentions == 0 ? 0.0 : Math.round(linked * 1e4 / mentions) / 1e4);
        }
        return out;
    }
}
