package org.companyner.train;

import ai.djl.engine.Engine;
import org.companyner.UserError;
import org.companyner.eval.Evaluator;
import org.companyner.eval.Scores;
import org.companyner.export.OnnxExporter;
import org.companyner.io.DataReader;
import org.companyner.io.Format;
import org.companyner.io.LabelMap;
import org.companyner.lexicon.Gazetteer;
import org.companyner.lexicon.LexiconBuilder;
import org.companyner.model.EncoderConfig;
import org.companyner.model.Presets;
import org.companyner.nn.DjlTagger;
import org.companyner.runtime.Featurizer;
import org.companyner.runtime.ModelDir;
import org.companyner.runtime.ModelCard;
import org.companyner.runtime.OnnxEmitter;
import org.companyner.runtime.Recognizer;
import org.companyner.runtime.SelfCheck;
import org.companyner.text.CodePoints;
import org.companyner.text.Document;
import org.companyner.text.Tags;
import org.companyner.text.Window;
import org.companyner.text.Windower;
import org.companyner.train.loop.AdamW;
import org.companyner.train.loop.Checkpoints;
import org.companyner.train.loop.GitInfo;
import org.companyner.train.loop.LoopSettings;
import org.companyner.train.loop.TrainingLoop;
import org.companyner.vocab.BigramVocab;
import org.companyner.vocab.CharVocab;
import org.companyner.vocab.TextCounts;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Fine-tunes an encoder + CRF tagger: reads and splits the data, builds or loads the vocabularies,
 * runs the {@link TaggingObjective} in the one {@link TrainingLoop} (AdamW with warm-up and linear
 * decay, a separate learning rate for the head and CRF, global-norm clipping, dev evaluation every N
 * steps, early stopping that keeps the best parameters, atomic checkpoints, exact {@code --resume}),
 * then writes the model directory: parameters, ONNX graph, self-check and card.
 */
public final class Trainer {
    static final String LOG = "train-log.jsonl";
    static final String CURVE = "learning-curve.png";
    static final String BEST = "best-params.ndl";
    static final String POINTER = Checkpoints.POINTER;

    private final TrainConfig cfg;
    private final PrintStream console;
    private long stopAt = Long.MAX_VALUE;

    public Trainer(TrainConfig cfg, PrintStream console) {
        this.cfg = cfg;
        this.console = console;
    }

    /** A training sentence window with its target tags ({@link Tags#UNKNOWN} where unknown) and its weight. */
    /**
     * One training window.
     *
     * @param soft the teacher's marginals of the window's positions ({@code [length][Tags.COUNT]}), or null
     */
    record Example(org.companyner.runtime.Features features, int[] tags, float weight, float[][] soft) {
        Example(org.companyner.runtime.Features features, int[] tags, float weight) {
            this(features, tags, weight, null);
        }
    }

    /** Behave as if stopped by a signal once {@code step} steps are done (for tests of {@code --resume}). */
    Trainer stopAt(long step) {
        this.stopAt = step;
        return this;
    }

    /** A new run (refusing to discard an interrupted one in the output directory). */
    public Scores run() throws IOException {
        return run(false, false);
    }

    /**
     * Runs training to the step budget or early stop and writes the model directory; returns the best dev
     * scores. Resumes the run in {@code out} when {@code resume}; a new run refuses to discard an
     * interrupted one unless {@code overwrite}.
     */
    public Scores run(boolean resume, boolean overwrite) throws IOException {
        LabelMap labels = LabelMap.parse(cfg.label());
        Format format = Format.parse(cfg.format());
        List<Document> all = DataReader.read(cfg.train(), format, labels);
        if (cfg.limit() > 0 && cfg.limit() < all.size()) {
            all = all.subList(0, cfg.limit());
        }
        List<Document> train = new ArrayList<>();
        List<Document> dev = new ArrayList<>();
        split(all, train, dev);
        if (train.isEmpty() || dev.isEmpty()) {
            throw new UserError("not enough training data in " + cfg.train() + " (" + all.size() + " sentences)");
        }

        List<String> runFiles = new ArrayList<>(List.of(ModelDir.VOCAB, ModelDir.BIGRAMS));
        if (usesLexicon()) {
            runFiles.add(ModelDir.LEXICON);
        }
        LoopSettings settings = new LoopSettings(cfg.out(), cfg.arch(), cfg.maxSteps(), cfg.warmup(), cfg.lr(),
                cfg.headLr(), cfg.clip(), cfg.seed(), cfg.evalEvery(), cfg.evalEvery(), LOG, CURVE,
                cfg.softWeight() > 0 ? List.of("dev_f1", "dev_precision", "dev_recall", "loss", "kl")
                        : List.of("dev_f1", "dev_precision", "dev_recall", "loss"), runFiles, stopAt);
        TrainingLoop loop = new TrainingLoop(settings, console);
        Optional<Checkpoints.Restored<TrainingLoop.State>> last = loop.begin(resume, overwrite);

        Path vocabFile = cfg.out().resolve(ModelDir.VOCAB);
        Path bigramFile = cfg.out().resolve(ModelDir.BIGRAMS);
        Path lexiconFile = cfg.out().resolve(ModelDir.LEXICON);
        CharVocab chars;
        BigramVocab bigrams;
        Gazetteer gazetteer = null;
        if (last.isEmpty() && cfg.continueFrom() != null) {
            copyFromPreviousStage();
        }
        if (last.isPresent() || cfg.continueFrom() != null) {
            chars = CharVocab.load(vocabFile);
            bigrams = BigramVocab.load(bigramFile);
            if (usesLexicon()) {
                gazetteer = Gazetteer.load(lexiconFile);
            }
        } else {
            if (cfg.lexicon() != null) {
                gazetteer = LexiconBuilder.fromDirectory(cfg.lexicon(), LexiconBuilder.DEFAULT_SOURCES);
                gazetteer.save(lexiconFile);
            }
            TextCounts counts = TextCounts.of(train.stream().map(Document::text).toList());
            chars = cfg.init() != null ? PretrainedInit.vocab(cfg.init(), cfg.arch()) : CharVocab.build(counts.chars(), 2);
            bigrams = cfg.bigrams() ? capped(counts.bigrams(), cfg.maxBigrams()) : BigramVocab.build(Map.of(), 1);
            chars.save(vocabFile);
            bigrams.save(bigramFile);
        }
        EncoderConfig model = Presets.get(cfg.arch())
                .withVocab(chars.size(), cfg.bigrams() ? bigrams.size() : 0)
                .withMaxPositions(cfg.maxLen())
                .withLexicon(gazetteer != null);
        Featurizer featurizer = new Featurizer(chars, bigrams, gazetteer);
        List<Example> examples = examples(train, featurizer, cfg.maxLen(), cfg.teacherUnknownBelow());
        console.printf("%s: %d train / %d dev sentences, %d windows, %d chars, %d bigrams, %s, %d batches an epoch%n",
                cfg.arch(), train.size(), dev.size(), examples.size(), chars.size(), bigrams.size(),
                gazetteer == null ? "no lexicon" : gazetteer.size() + " lexicon names",
                (examples.size() + cfg.batchSize() - 1) / cfg.batchSize());

        Engine.getInstance().setRandomSeed((int) cfg.seed());
        try (DjlTagger tagger = DjlTagger.create(model)) {
            AdamW opt = new AdamW(tagger.manager(), tagger.parameters(),
                    DjlTagger::isHead,
                    name -> name.toLowerCase(java.util.Locale.ROOT).endsWith("weight") && !DjlTagger.baseName(name).startsWith("crf"),
                    cfg.weightDecay());
            if (last.isEmpty() && cfg.init() != null) {
                console.println(PretrainedInit.apply(tagger, cfg.init()));
            }
            if (last.isEmpty() && cfg.continueFrom() != null) {
                tagger.loadParameters(cfg.continueFrom().resolve(ModelDir.PARAMS));
                console.println("continuing the model in " + cfg.continueFrom() + " (every parameter, its vocabularies)");
            }
            TaggingObjective objective = new TaggingObjective(cfg, tagger, opt, examples,
                    dev, s -> evaluate(tagger, featurizer, s), cfg.out().resolve(BEST));
            TrainingLoop.State state = loop.run(objective, last);
            Path best = cfg.out().resolve(BEST);
            if (Files.exists(best)) {
                tagger.loadParameters(best);
            }
            Scores scores = evaluate(tagger, featurizer, dev);
            tagger.saveParameters(cfg.out().resolve(ModelDir.PARAMS), cfg.half());
            if (cfg.half()) {
                tagger.loadParameters(cfg.out().resolve(ModelDir.PARAMS));
                Scores halfScores = evaluate(tagger, featurizer, dev);
                console.printf("float16 storage: dev F1 %.4f (float32 %.4f)%n", halfScores.f1(), scores.f1());
                scores = halfScores;
            }
            OnnxExporter.export(tagger, cfg.out(), false);
            writeCard(model, state, objective.bestStep(), scores,
                    OnnxExporter.selfCheck(tagger, cfg.out(), featurizer, false));
            Checkpoints.finish(cfg.out());
            loop.plot();
            console.printf("best dev F1 %.4f (P %.4f R %.4f) at step %d; model written to %s%n",
                    scores.f1(), scores.precision(), scores.recall(), objective.bestStep(), cfg.out());
            return scores;
        }
    }

    /** Lexicon features: from the gazetteer folder, or kept from the stage this run continues. */
    private boolean usesLexicon() {
        return cfg.lexicon() != null
                || (cfg.continueFrom() != null && Files.isRegularFile(cfg.continueFrom().resolve(ModelDir.LEXICON)));
    }

    /** A continued stage reads with its predecessor's vocabularies and lexicon, so every parameter keeps its meaning. */
    private void copyFromPreviousStage() throws IOException {
        ModelDir previous = new ModelDir(cfg.continueFrom());
        ModelCard card = previous.verify();
        if (!card.config().arch().equals(cfg.arch())) {
            throw new UserError("cannot continue " + cfg.continueFrom() + " (a " + card.config().arch() + " model) as " + cfg.arch());
        }
        if (!java.nio.file.Files.isRegularFile(previous.params())) {
            throw new UserError("cannot continue " + cfg.continueFrom() + ": it has no " + ModelDir.PARAMS);
        }
        for (String f : List.of(ModelDir.VOCAB, ModelDir.BIGRAMS, ModelDir.LEXICON)) {
            if (Files.isRegularFile(previous.resolve(f))) {
                Files.copy(previous.resolve(f), cfg.out().resolve(f), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private void split(List<Document> all, List<Document> train, List<Document> dev) throws IOException {
        if (cfg.dev() != null) {
            train.addAll(all);
            dev.addAll(DataReader.read(cfg.dev(), Format.parse(cfg.format()), LabelMap.parse(cfg.label())));
            return;
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(cfg.seed()));
        int devSize = Math.max(1, (int) Math.round(all.size() * cfg.devFraction()));
        boolean[] isDev = new boolean[all.size()];
        for (int i = 0; i < devSize; i++) {
            isDev[order.get(i)] = true;
        }
        for (int i = 0; i < all.size(); i++) {
            (isDev[i] ? dev : train).add(all.get(i));
        }
    }

    private static BigramVocab capped(Map<Long, Long> counts, int max) {
        int min = 2;
        BigramVocab v = BigramVocab.build(counts, min);
        while (v.size() > max) {
            v = BigramVocab.build(counts, ++min);
        }
        return v;
    }

    /**
     * The training windows of {@code docs}: each with its tags ({@link Tags#UNKNOWN} on the document's
     * unknown ranges, for the partial-label loss) and a weight, the lowest confidence ({@code score})
     * among the mentions that touch the window (1 without mentions): a window is only as trustworthy
     * as its least certain label. Gold data (scores 1, nothing unknown) gives plain tags and weight 1.
     * A document with a teacher's marginals gives each window its rows as soft targets; positions where
     * the teacher's most probable tag has a marginal below {@code unknownBelow} become unknown.
     */
    static List<Example> examples(List<Document> docs, Featurizer featurizer, int maxLen) {
        return examples(docs, featurizer, maxLen, 0f);
    }

    static List<Example> examples(List<Document> docs, Featurizer featurizer, int maxLen, float unknownBelow) {
        Windower windower = Recognizer.windower(maxLen);
        List<Example> out = new ArrayList<>();
        for (Document d : docs) {
            int[] cps = CodePoints.of(d.text());
            if (cps.length == 0) {
                continue;
            }
            int[] tags = d.tags();
            float[][] soft = d.marginals();
            if (soft != null && unknownBelow > 0) {
                for (int i = 0; i < tags.length; i++) {
                    float top = Math.max(soft[i][0], Math.max(soft[i][1], soft[i][2]));
                    if (top < unknownBelow) {
                        tags[i] = Tags.UNKNOWN;
                    }
                }
            }
            Featurizer.Article ids = featurizer.article(cps);
            for (Window w : windower.windows(cps)) {
                float weight = 1f;
                for (var e : d.entities()) {
                    if (e.start() < w.end() && e.end() > w.start()) {
                        weight = Math.min(weight, (float) e.score());
                    }
                }
                out.add(new Example(ids.slice(w.start(), w.end()), Arrays.copyOfRange(tags, w.start(), w.end()),
                        Math.max(0f, weight), soft == null ? null : Arrays.copyOfRange(soft, w.start(), w.end())));
            }
        }
        return out;
    }

    static Scores evaluate(DjlTagger tagger, Featurizer featurizer, List<Document> gold) {
        return Evaluator.evaluate(new Recognizer(tagger, featurizer, 4096), gold).scores();
    }

    private void writeCard(EncoderConfig model, TrainingLoop.State state, long bestStep, Scores scores, SelfCheck check)
            throws IOException {
        ModelDir dir = new ModelDir(cfg.out());
        Map<String, String> files = dir.checksums(model, true);
        Map<String, Object> training = new LinkedHashMap<>();
        training.put("config", cfg);
        training.put("steps", state.step());
        training.put("best_step", bestStep);
        training.put("seconds", Math.round(state.elapsedSeconds()));
        training.put("finished", Instant.now().toString());
        training.put("commit", GitInfo.commit());
        training.put("machine", GitInfo.machine());
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("dev_precision", scores.precision());
        metrics.put("dev_recall", scores.recall());
        metrics.put("dev_f1", scores.f1());
        String name = cfg.out().getFileName().toString();
        dir.save(new ModelCard(name, model, files, training, metrics, check));
    }
}
