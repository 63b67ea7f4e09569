package org.companyner.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import org.companyner.eval.Scores;
import org.companyner.nn.CrfLoss;
import org.companyner.nn.DjlTagger;
import org.companyner.runtime.Features;
import org.companyner.vocab.BigramVocab;
import org.companyner.vocab.CharVocab;
import org.companyner.runtime.ModelDir;
import org.companyner.text.Document;
import org.companyner.train.loop.AdamW;
import org.companyner.train.loop.Metrics;
import org.companyner.train.loop.Objective;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * Sequence tagging as an {@link Objective}: the CRF loss of a batch of windows (gold tags, partial
 * labels where positions are unknown, per-window weights — {@link CrfLoss}), with the share of
 * windows whose lexicon features are hidden ({@code lexiconDropout}); at every log point the dev set
 * is scored, the best parameters are kept and training stops after {@code patience} evaluations
 * without a gain (early stopping as a hook of the loop).
 */
final class TaggingObjective implements Objective {
    private final TrainConfig cfg;
    private final DjlTagger tagger;
    private final AdamW opt;
    private final List<Trainer.Example> examples;
    private final Function<List<Document>, Scores> scorer;
    private final List<Document> dev;
    private final Path bestFile;
    private final Metrics metrics;
    private int cachedEpoch = -1;
    private List<List<Trainer.Example>> cached;
    private double bestF1 = -1;
    private long bestStep;
    private int evalsWithoutGain;

    TaggingObjective(TrainConfig cfg, DjlTagger tagger, AdamW opt, List<Trainer.Example> examples,
                     List<Document> dev, Function<List<Document>, Scores> scorer, Path bestFile) {
        this.cfg = cfg;
        this.tagger = tagger;
        this.opt = opt;
        this.examples = examples;
        this.dev = dev;
        this.scorer = scorer;
        this.bestFile = bestFile;
        this.metrics = cfg.softWeight() > 0 ? new Metrics("loss", "kl") : new Metrics("loss");
    }

    long bestStep() {
        return bestStep;
    }

    @Override
    public NDManager manager() {
        return tagger.manager();
    }

    @Override
    public AdamW optimizer() {
        return opt;
    }

    @Override
    public int batches(int epoch) {
        return epoch(epoch).size();
    }

    /** The batches of one epoch: shuffled, sorted by length so batches have little padding, batch order shuffled. */
    private List<List<Trainer.Example>> epoch(int epoch) {
        if (epoch != cachedEpoch) {
            Random r = new Random(cfg.seed() * 7919 + epoch);
            List<Trainer.Example> shuffled = new ArrayList<>(examples);
            Collections.shuffle(shuffled, r);
            shuffled.sort(Comparator.comparingInt(e -> e.tags().length));
            List<List<Trainer.Example>> batches = new ArrayList<>();
            for (int i = 0; i < shuffled.size(); i += cfg.batchSize()) {
                batches.add(shuffled.subList(i, Math.min(shuffled.size(), i + cfg.batchSize())));
            }
            Collections.shuffle(batches, r);
            cached = batches;
            cachedEpoch = epoch;
        }
        return cached;
    }

    @Override
    public NDArray loss(NDManager m, ParameterStore ps, int epoch, int index, long step, Random random) {
        List<Trainer.Example> batch = epoch(epoch).get(index);
        NDList inputs = DjlTagger.inputs(m, withCharDropout(withLexiconDropout(batch, random), random));
        int[][] tags = batch.stream().map(Trainer.Example::tags).toArray(int[][]::new);
        float[] weights = new float[batch.size()];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = batch.get(i).weight();
        }
        NDArray emissions = tagger.block().forward(ps, inputs, true).singletonOrThrow();
        NDList crf = tagger.block().crfParameters(ps, emissions.getDevice(), true);
        NDArray loss = CrfLoss.nll(emissions, crf.get(0), crf.get(1), crf.get(2), tags, weights);
        float value = loss.getFloat();
        if (!Float.isFinite(value)) {
            return null;
        }
        metrics.mean("loss", value);
        if (cfg.softWeight() > 0 && batch.stream().anyMatch(e -> e.soft() != null)) {
            int[] lengths = batch.stream().mapToInt(e -> e.tags().length).toArray();
            float[][][] soft = batch.stream().map(Trainer.Example::soft).toArray(float[][][]::new);
            NDArray kl = CrfLoss.distillation(emissions, crf.get(0), crf.get(1), crf.get(2), lengths, soft);
            float klValue = kl.getFloat();
            if (!Float.isFinite(klValue)) {
                return null;
            }
            metrics.mean("kl", klValue);
            // an array, not mul(Number): DJL frees a Number operand before backward reads it (STACK.md)
            loss = loss.add(kl.mul(m.create(cfg.softWeight())));
        }
        return loss;
    }

    /**
     * Input noise (Noisy Student, Xie et al. 2020): each character is replaced by the unknown character with
     * probability {@code charDropout}, and the bigrams that contain it are hidden; lexicon matches stay.
     */
    private List<Features> withCharDropout(List<Features> batch, Random random) {
        float p = cfg.charDropout();
        if (p <= 0) {
            return batch;
        }
        List<Features> out = new ArrayList<>(batch.size());
        for (Features f : batch) {
            int[] chars = f.chars().clone();
            int[] left = f.bigramLeft().clone();
            int[] right = f.bigramRight().clone();
            for (int i = 0; i < chars.length; i++) {
                if (random.nextFloat() < p) {
                    chars[i] = CharVocab.UNK;
                    left[i] = BigramVocab.UNK;
                    right[i] = BigramVocab.UNK;
                    if (i > 0) {
                        right[i - 1] = BigramVocab.UNK;
                    }
                    if (i + 1 < chars.length) {
                        left[i + 1] = BigramVocab.UNK;
                    }
                }
            }
            out.add(new Features(chars, left, right, f.lexicon()));
        }
        return out;
    }

    /** The batch's inputs, with the lexicon ids of a {@code lexiconDropout} share of windows set to "no match". */
    private List<Features> withLexiconDropout(List<Trainer.Example> batch, Random random) {
        if (cfg.lexiconDropout() <= 0) {
            return batch.stream().map(Trainer.Example::features).toList();
        }
        return batch.stream().map(e -> {
            Features f = e.features();
            return random.nextFloat() < cfg.lexiconDropout()
                    ? new Features(f.chars(), f.bigramLeft(), f.bigramRight(), new int[f.length()]) : f;
        }).toList();
    }

    @Override
    public String progress(double seconds) {
        String kl = cfg.softWeight() > 0 ? String.format(" kl %.3f", metrics.value("kl")) : "";
        return String.format("loss %.3f%s best dev F1 %.3f", metrics.value("loss"), kl, Math.max(0, bestF1));
    }

    @Override
    public void drainInto(Map<String, Object> row) {
        metrics.drainInto(row);
    }

    /** Scores the dev set; keeps the best parameters; asks to stop after {@code patience} evaluations without gain. */
    @Override
    public boolean evaluate(long step, Map<String, Object> row) throws IOException {
        Scores s = scorer.apply(dev);
        row.put("dev_precision", s.precision());
        row.put("dev_recall", s.recall());
        row.put("dev_f1", s.f1());
        if (s.f1() > bestF1) {
            bestF1 = s.f1();
            bestStep = step;
            evalsWithoutGain = 0;
            tagger.saveParameters(bestFile, false);
        } else {
            evalsWithoutGain++;
        }
        return evalsWithoutGain >= cfg.patience();
    }

    @Override
    public Map<String, Object> state() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("bestF1", bestF1);
        state.put("bestStep", bestStep);
        state.put("evalsWithoutGain", evalsWithoutGain);
        return state;
    }

    @Override
    public void restoreState(Map<String, Object> state) {
        bestF1 = ((Number) state.getOrDefault("bestF1", -1.0)).doubleValue();
        bestStep = ((Number) state.getOrDefault("bestStep", 0L)).longValue();
        evalsWithoutGain = ((Number) state.getOrDefault("evalsWithoutGain", 0)).intValue();
    }

    @Override
    public void save(Path dir) throws IOException {
        tagger.saveParameters(dir.resolve(ModelDir.PARAMS), false);
    }

    @Override
    public void restore(Path dir) {
        tagger.loadParameters(dir.resolve(ModelDir.PARAMS));
    }

    @Override
    public void close() {
        // the tagger belongs to the Trainer, which writes the model after the loop
    }
}
