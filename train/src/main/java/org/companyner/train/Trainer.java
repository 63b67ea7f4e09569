package org.companyner.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.ObjectMapper;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.companyner.UserError;
import org.companyner.eval.Evaluator;
import org.companyner.eval.Scores;
import org.companyner.io.DataReader;
import org.companyner.io.Format;
import org.companyner.io.LabelMap;
import org.companyner.lexicon.Gazetteer;
import org.companyner.lexicon.LexiconBuilder;
import org.companyner.model.EncoderConfig;
import org.companyner.model.Presets;
import org.companyner.nn.CrfLoss;
import org.companyner.nn.DjlTagger;
import org.companyner.export.OnnxExporter;
import org.companyner.runtime.Featurizer;
import org.companyner.runtime.ModelDir;
import org.companyner.runtime.Features;
import org.companyner.runtime.ModelCard;
import org.companyner.runtime.SelfCheck;
import org.companyner.runtime.Recognizer;
import org.companyner.text.CodePoints;
import org.companyner.text.Document;
import org.companyner.text.Tags;
import org.companyner.text.Window;
import org.companyner.text.Windower;
import org.companyner.vocab.BigramVocab;
import org.companyner.vocab.CharVocab;
import org.companyner.vocab.TextCounts;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Fine-tunes an encoder + CRF tagger: AdamW with warm-up and linear decay, a separate learning rate
 * for the head and CRF, global-norm clipping, dev evaluation every N steps, early stopping that keeps
 * the best checkpoint, atomic checkpoints and exact-position {@code --resume}.
 */
public final class Trainer {
    static final String LOG = "train-log.jsonl";
    static final String CURVE = "learning-curve.png";
    static final String BEST = "best-params.ndl";
    static final String POINTER = Checkpoints.POINTER;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TrainConfig cfg;
    private final PrintStream console;

    public Trainer(TrainConfig cfg, PrintStream console) {
        this.cfg = cfg;
        this.console = console;
    }

    /** A training sentence window with its gold tags. */
    record Example(Features features, int[] tags) {
    }

    /** Where a run stands; written with every checkpoint. */
    record State(long step, int epoch, int batchInEpoch, double bestF1, long bestStep, int evalsWithoutGain,
                 double elapsedSeconds) implements Checkpoints.RunState {
    }

    /** Runs training to the step budget or early stop and writes the model directory; returns the best dev scores. */
    public Scores run() throws IOException {
        Instant started = Instant.now();
        Files.createDirectories(cfg.out());
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

        Path vocabFile = cfg.out().resolve(ModelDir.VOCAB);
        Path bigramFile = cfg.out().resolve(ModelDir.BIGRAMS);
        Path lexiconFile = cfg.out().resolve(ModelDir.LEXICON);
        Optional<Checkpoints.Restored<State>> last = Checkpoints.begin(cfg.out(), cfg.resume(), cfg.overwrite(),
                State.class, console);
        boolean resuming = last.isPresent();
        CharVocab chars;
        BigramVocab bigrams;
        Gazetteer gazetteer = null;
        if (resuming) {
            chars = CharVocab.load(vocabFile);
            bigrams = BigramVocab.load(bigramFile);
            if (cfg.lexicon() != null) {
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
        List<Example> examples = examples(train, featurizer, cfg.maxLen());
        int batchesPerEpoch = (examples.size() + cfg.batchSize() - 1) / cfg.batchSize();
        console.printf("%s: %d train / %d dev sentences, %d windows, %d chars, %d bigrams, %s, %d batches an epoch%n",
                cfg.arch(), train.size(), dev.size(), examples.size(), chars.size(), bigrams.size(),
                gazetteer == null ? "no lexicon" : gazetteer.size() + " lexicon names", batchesPerEpoch);

        Engine.getInstance().setRandomSeed((int) cfg.seed());
        try (DjlTagger tagger = DjlTagger.create(model)) {
            AdamW opt = new AdamW(tagger.manager(), tagger.parameters(),
                    DjlTagger::isHead,
                    name -> name.toLowerCase(java.util.Locale.ROOT).endsWith("weight") && !DjlTagger.baseName(name).startsWith("crf"),
                    cfg.weightDecay());
            State state = new State(0, 0, 0, -1, 0, 0, 0);
            if (!resuming && cfg.init() != null) {
                console.println(PretrainedInit.apply(tagger, cfg.init()));
            }
            if (resuming) {
                state = restore(tagger, opt, last.get());
                Checkpoints.trimLog(cfg.out().resolve(LOG), state.step());
                console.printf("resumed at step %d (epoch %d, batch %d), best dev F1 %.4f at step %d%n",
                        state.step(), state.epoch(), state.batchInEpoch(), state.bestF1(), state.bestStep());
            } else {
                Files.deleteIfExists(cfg.out().resolve(LOG));
            }
            state = loop(tagger, opt, featurizer, examples, dev, state, started);
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
            writeCard(model, state, scores, OnnxExporter.selfCheck(tagger, cfg.out(), featurizer, false));
            Checkpoints.finish(cfg.out());
            LearningCurve.write(cfg.out().resolve(LOG), cfg.out().resolve(CURVE), cfg.arch());
            console.printf("best dev F1 %.4f (P %.4f R %.4f) at step %d; model written to %s%n",
                    scores.f1(), scores.precision(), scores.recall(), state.bestStep(), cfg.out());
            return scores;
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

    static List<Example> examples(List<Document> docs, Featurizer featurizer, int maxLen) {
        Windower windower = Recognizer.windower(maxLen);
        List<Example> out = new ArrayList<>();
        for (Document d : docs) {
            int[] cps = CodePoints.of(d.text());
            if (cps.length == 0) {
                continue;
            }
            int[] tags = Tags.encode(cps.length, d.entities());
            Featurizer.Article ids = featurizer.article(cps);
            for (Window w : windower.windows(cps)) {
                out.add(new Example(ids.slice(w.start(), w.end()), Arrays.copyOfRange(tags, w.start(), w.end())));
            }
        }
        return out;
    }

    /** The batches of one epoch: shuffled, sorted by length so batches have little padding, batch order shuffled. */
    List<List<Example>> batches(List<Example> examples, int epoch) {
        Random r = new Random(cfg.seed() * 7919 + epoch);
        List<Example> shuffled = new ArrayList<>(examples);
        Collections.shuffle(shuffled, r);
        shuffled.sort(Comparator.comparingInt(e -> e.tags().length));
        List<List<Example>> batches = new ArrayList<>();
        for (int i = 0; i < shuffled.size(); i += cfg.batchSize()) {
            batches.add(shuffled.subList(i, Math.min(shuffled.size(), i + cfg.batchSize())));
        }
        Collections.shuffle(batches, r);
        return batches;
    }

    float learningRate(long step, float peak) {
        return warmupLinearDecay(step, peak, cfg.warmup(), cfg.maxSteps());
    }

    /** Linear warm-up over {@code warmup} steps to {@code peak}, then linear decay to 0 at {@code maxSteps}. */
    public static float warmupLinearDecay(long step, float peak, int warmup, int maxSteps) {
        if (step < warmup) {
            return peak * (step + 1) / warmup;
        }
        double rest = Math.max(1, maxSteps - warmup);
        return (float) (peak * Math.max(0.0, 1.0 - (step - warmup) / rest));
    }

    private State loop(DjlTagger tagger, AdamW opt, Featurizer featurizer, List<Example> examples,
                       List<Document> dev, State state, Instant started) throws IOException {
        double elapsedBefore = state.elapsedSeconds();
        Instant loopStart = Instant.now();
        long step = state.step();
        int epoch = state.epoch();
        int batchIndex = state.batchInEpoch();
        double lossSum = 0;
        int lossCount = 0;
        boolean stopped;
        try (StopSignal stop = new StopSignal();
             ProgressBar bar = new ProgressBarBuilder().setTaskName(cfg.arch()).setInitialMax(cfg.maxSteps())
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(1000).continuousUpdate()
                .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(console)).startsFrom(step, Duration.ZERO).build()) {
            List<List<Example>> batches = batches(examples, epoch);
            while (step < cfg.maxSteps() && !stop.requested()) {
                if (batchIndex >= batches.size()) {
                    epoch++;
                    batchIndex = 0;
                    batches = batches(examples, epoch);
                }
                double loss = trainStep(tagger, opt, batches.get(batchIndex), step);
                batchIndex++;
                step++;
                if (Double.isFinite(loss)) {
                    lossSum += loss;
                    lossCount++;
                }
                bar.stepTo(step);
                bar.setExtraMessage(String.format("loss %.3f best dev F1 %.3f", loss, Math.max(0, state.bestF1())));
                boolean last = step >= cfg.maxSteps();
                if (step % cfg.evalEvery() == 0 || last) {
                    Scores s = evaluate(tagger, featurizer, dev);
                    double elapsed = elapsedBefore + Duration.between(loopStart, Instant.now()).toMillis() / 1000.0;
                    boolean better = s.f1() > state.bestF1();
                    state = new State(step, epoch, batchIndex, better ? s.f1() : state.bestF1(),
                            better ? step : state.bestStep(), better ? 0 : state.evalsWithoutGain() + 1, elapsed);
                    if (better) {
                        tagger.saveParameters(cfg.out().resolve(BEST), false);
                    }
                    log(step, epoch, lossCount == 0 ? Double.NaN : lossSum / lossCount, s, elapsed, opt);
                    lossSum = 0;
                    lossCount = 0;
                    checkpoint(tagger, opt, state);
                    if (state.evalsWithoutGain() >= cfg.patience()) {
                        console.printf("%nearly stop at step %d: no dev F1 gain in %d evaluations%n", step, cfg.patience());
                        break;
                    }
                }
            }
            stopped = stop.requested();
            if (stopped) {
                double elapsed = elapsedBefore + Duration.between(loopStart, Instant.now()).toMillis() / 1000.0;
                state = new State(step, epoch, batchIndex, state.bestF1(), state.bestStep(), state.evalsWithoutGain(), elapsed);
                checkpoint(tagger, opt, state);
                console.printf("%nstopped at step %d; checkpoint written, continue with --resume%n", step);
            }
        }
        if (stopped) {
            throw new UserError("training interrupted at step " + step + "; continue with --resume");
        }
        return state;
    }

    private double trainStep(DjlTagger tagger, AdamW opt, List<Example> batch, long step) {
        try (NDManager m = tagger.manager().newSubManager()) {
            NDList inputs = DjlTagger.inputs(m, withLexiconDropout(batch, step));
            int[][] tags = batch.stream().map(Example::tags).toArray(int[][]::new);
            double lossValue;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.zeroGradients();
                ParameterStore ps = new ParameterStore(m, false);
                NDArray emissions = tagger.block().forward(ps, inputs, true).singletonOrThrow();
                NDList crf = tagger.block().crfParameters(ps, emissions.getDevice(), true);
                NDArray loss = CrfLoss.nll(emissions, crf.get(0), crf.get(1), crf.get(2), tags);
                lossValue = loss.getFloat();
                if (!Double.isFinite(lossValue)) {
                    return lossValue; // skip the update; the next batch starts from clean gradients
                }
                gc.backward(loss);
            }
            double norm = opt.clipGlobalNorm(cfg.clip());
            if (Double.isFinite(norm)) {
                opt.step(learningRate(step, cfg.lr()), learningRate(step, cfg.headLr()));
            }
            return lossValue;
        }
    }

    /**
     * The batch's inputs, with the lexicon ids of a {@code lexiconDropout} share of windows set to
     * "no match" (seeded by step, so a resumed run drops the same windows).
     */
    private List<Features> withLexiconDropout(List<Example> batch, long step) {
        if (cfg.lexiconDropout() <= 0) {
            return batch.stream().map(Example::features).toList();
        }
        Random r = new Random(cfg.seed() * 1_000_003L + step);
        return batch.stream().map(e -> {
            Features f = e.features();
            return r.nextFloat() < cfg.lexiconDropout()
                    ? new Features(f.chars(), f.bigramLeft(), f.bigramRight(), new int[f.length()]) : f;
        }).toList();
    }

    static Scores evaluate(DjlTagger tagger, Featurizer featurizer, List<Document> gold) {
        return Evaluator.evaluate(new Recognizer(tagger, featurizer, 4096), gold).scores();
    }

    private void log(long step, int epoch, double loss, Scores s, double elapsed, AdamW opt) throws IOException {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("step", step);
        row.put("epoch", epoch);
        row.put("loss", Double.isFinite(loss) ? loss : null);
        row.put("lr", learningRate(step, cfg.lr()));
        row.put("dev_precision", s.precision());
        row.put("dev_recall", s.recall());
        row.put("dev_f1", s.f1());
        row.put("elapsed_s", Math.round(elapsed * 10) / 10.0);
        try (Writer w = Files.newBufferedWriter(cfg.out().resolve(LOG), StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            w.write(JSON.writeValueAsString(row));
            w.write('\n');
        }
    }

    /** Writes the model and optimiser into a new checkpoint folder and commits it ({@link Checkpoints}). */
    private void checkpoint(DjlTagger tagger, AdamW opt, State state) throws IOException {
        Path dir = Checkpoints.folder(cfg.out(), state.step());
        tagger.saveParameters(dir.resolve(ModelDir.PARAMS), false);
        opt.save(dir.resolve("optimizer.ndl"));
        List<String> runFiles = new ArrayList<>(List.of(ModelDir.VOCAB, ModelDir.BIGRAMS));
        if (cfg.lexicon() != null) {
            runFiles.add(ModelDir.LEXICON);
        }
        Checkpoints.commit(cfg.out(), dir, state, runFiles);
    }

    private State restore(DjlTagger tagger, AdamW opt, Checkpoints.Restored<State> last) throws IOException {
        tagger.loadParameters(last.dir().resolve(ModelDir.PARAMS));
        opt.load(last.dir().resolve("optimizer.ndl"));
        return last.state();
    }

    private void writeCard(EncoderConfig model, State state, Scores scores, SelfCheck check) throws IOException {
        ModelDir dir = new ModelDir(cfg.out());
        Map<String, String> files = dir.checksums(model, true);
        Map<String, Object> training = new LinkedHashMap<>();
        training.put("config", cfg);
        training.put("steps", state.step());
        training.put("best_step", state.bestStep());
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
