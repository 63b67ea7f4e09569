package org.companyner.pretrain;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.companyner.UserError;
import org.companyner.io.AtomicFiles;
import org.companyner.model.EncoderConfig;
import org.companyner.model.Presets;
import org.companyner.nn.DjlTagger;
import org.companyner.runtime.Features;
import org.companyner.runtime.ModelDir;
import org.companyner.train.AdamW;
import org.companyner.train.Checkpoints;
import org.companyner.train.StopSignal;
import org.companyner.train.Trainer;
import org.companyner.train.GitInfo;
import org.companyner.train.LearningCurve;
import org.companyner.vocab.CharVocab;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * What every pretraining objective shares: the vocabulary, the step loop with its progress bar,
 * JSON-lines log and PNG curve, linear warm-up and decay, global-norm clipping, a clean stop on a
 * signal, atomic checkpoints ({@code checkpoint-STEP/} written completely, then {@code checkpoint.json}
 * pointed at it) and an exact {@code --resume}: the same step, data position and random draws (each
 * step's {@link Random} is seeded by the step; dropout is not).
 *
 * <p>An objective ({@link ElectraPretrainer}, {@link AlbertPretrainer}) says how the corpus is packed
 * and supplies its {@link Objective}: the networks, the loss of one batch, and what to log. The
 * encoder it trains is a {@link DjlTagger} of the chosen preset, written to {@code encoder/} so that
 * {@code train --init} loads it.
 */
public abstract sealed class Pretrainer permits ElectraPretrainer, AlbertPretrainer, BilmPretrainer {
    public static final String ENCODER = "encoder";
    public static final String ENCODER_CARD = "encoder.json";
    static final String LOG = "pretrain-log.jsonl";
    static final String CURVE = "pretrain-curve.png";
    static final String POINTER = Checkpoints.POINTER;
    static final String CONFIG = "pretrain-config.json";
    static final String VOCAB = ModelDir.VOCAB;
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    protected final PretrainConfig cfg;
    protected final PrintStream console;
    private long stopAt = Long.MAX_VALUE;

    Pretrainer(PretrainConfig cfg, PrintStream console) {
        this.cfg = cfg;
        this.console = console;
    }

    /** The pretrainer of {@code cfg.objective()}. */
    public static Pretrainer of(PretrainConfig cfg, PrintStream console) {
        return switch (cfg.objective()) {
            case "electra" -> new ElectraPretrainer(cfg, console);
            case "albert" -> new AlbertPretrainer(cfg, console);
            case "bilm" -> new BilmPretrainer(cfg, console);
            default -> throw new IllegalArgumentException("unknown objective " + cfg.objective());
        };
    }

    /** Behave as if stopped by a signal once {@code step} steps are done (for tests of {@code --resume}). */
    Pretrainer stopAt(long step) {
        this.stopAt = step;
        return this;
    }

    /** Where a run stands; written with every checkpoint. */
    record State(long step, int epoch, int batchInEpoch, long tokens, double elapsedSeconds) implements Checkpoints.RunState {
    }

    /**
     * One objective's networks, heads and optimiser during a run, and its running metrics between
     * two log rows.
     */
    interface Objective extends AutoCloseable {
        /** The encoder that {@code encoder/} holds: what fine-tuning starts from. */
        DjlTagger encoder();

        AdamW optimizer();

        /**
         * The loss of one batch (sequence indices of the corpus), built under autograd in {@code m}; also
         * adds the batch's metrics to the running sums. Null when the loss is not finite: the step is skipped.
         */
        NDArray loss(NDManager m, ParameterStore ps, int[] batch, Random random);

        /** The running metrics for the progress bar. */
        String progress();

        /** Puts the running metrics into a log row (in a fixed order) and starts new sums. */
        void drainInto(Map<String, Object> row);

        /** Writes every trained array except the optimiser's into a checkpoint folder. */
        void save(Path dir) throws IOException;

        /** Reads what {@link #save} wrote. */
        void restore(Path dir) throws IOException;

        @Override
        void close();
    }

    /** Packs the corpus the way the objective reads it. */
    abstract PretrainCorpus corpus(CharVocab vocab);

    /** Builds the networks (after the engine's random seed is set) and says what they are. */
    abstract Objective objective(CharVocab vocab, PretrainCorpus corpus);

    /** Progress-bar name and curve title. */
    abstract String title();

    /** The log fields the curve shows. */
    abstract List<String> curveKeys();

    /** The encoder's shape: the preset, with the corpus's vocabulary and length, characters only. */
    EncoderConfig encoderConfig(CharVocab vocab) {
        return Presets.get(cfg.arch()).withVocab(vocab.size(), 0).withMaxPositions(cfg.maxLen()).withLexicon(false);
    }

    /** Runs a new run to the step budget (or until stopped), or resumes one; returns the encoder directory. */
    public final Path run(boolean resume) throws IOException {
        return run(resume, false);
    }

    /**
     * Runs to the step budget (or until stopped) and returns the encoder directory: resumes the run in
     * {@code out} when {@code resume}; a new run refuses to discard an interrupted one unless {@code overwrite}.
     */
    public final Path run(boolean resume, boolean overwrite) throws IOException {
        Files.createDirectories(cfg.out());
        Optional<Checkpoints.Restored<State>> last = Checkpoints.begin(cfg.out(), resume, overwrite, State.class, console);
        boolean resuming = last.isPresent();
        Path vocabFile = cfg.out().resolve(VOCAB);
        CharVocab vocab;
        if (resuming) {
            vocab = CharVocab.load(vocabFile);
        } else {
            console.println("counting characters of " + cfg.corpus());
            vocab = CharVocab.build(PretrainCorpus.countChars(cfg.corpus()), cfg.minCount());
            vocab.save(vocabFile);
            JSON.writeValue(cfg.out().resolve(CONFIG).toFile(), cfg);
            Files.deleteIfExists(cfg.out().resolve(LOG));
        }
        PretrainCorpus corpus = corpus(vocab);
        Engine.getInstance().setRandomSeed((int) cfg.seed());
        try (Objective objective = objective(vocab, corpus)) {
            State state = new State(0, 0, 0, 0, 0);
            if (resuming) {
                state = restore(objective, last.get());
                Checkpoints.trimLog(cfg.out().resolve(LOG), state.step());
                console.printf("resumed at step %d (epoch %d, batch %d, %d tokens)%n",
                        state.step(), state.epoch(), state.batchInEpoch(), state.tokens());
            }
            state = loop(objective, corpus, vocab, state);
            Path encoder = writeEncoder(objective, state);
            plot();
            Checkpoints.finish(cfg.out());
            console.printf("pretrained encoder written to %s%n", encoder);
            return encoder;
        }
    }

    float learningRate(long step) {
        return Trainer.warmupLinearDecay(step, cfg.lr(), cfg.warmup(), cfg.maxSteps());
    }

    private State loop(Objective objective, PretrainCorpus corpus, CharVocab vocab, State state) throws IOException {
        double baseline = frequencyBaseline(corpus, vocab.size());
        double elapsedBefore = state.elapsedSeconds();
        Instant loopStart = Instant.now();
        long step = state.step();
        int epoch = state.epoch();
        int batchIndex = state.batchInEpoch();
        long tokens = state.tokens();
        long tokensBefore = tokens;
        int[][] batches = corpus.batches(cfg.seed(), epoch, cfg.batchSize());
        if (batches.length == 0) {
            throw new UserError("the corpus has " + corpus.size() + " sequences, fewer than one batch of " + cfg.batchSize());
        }
        boolean stopped;
        try (StopSignal stop = new StopSignal();
             ProgressBar bar = new ProgressBarBuilder().setTaskName(cfg.objective()).setInitialMax(cfg.maxSteps())
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(1000).continuousUpdate()
                .setConsumer(new ConsoleProgressBarConsumer(console)).startsFrom(step, Duration.ZERO).build()) {
            while (step < cfg.maxSteps() && !stop.requested()) {
                if (batchIndex >= batches.length) {
                    epoch++;
                    batchIndex = 0;
                    batches = corpus.batches(cfg.seed(), epoch, cfg.batchSize());
                }
                int[] batch = batches[batchIndex];
                for (int i : batch) {
                    tokens += corpus.get(i).length;
                }
                step(objective, batch, step);
                batchIndex++;
                step++;
                if (step >= stopAt) {
                    stop.request();
                }
                double elapsed = elapsedBefore + Duration.between(loopStart, Instant.now()).toMillis() / 1000.0;
                bar.stepTo(step);
                bar.setExtraMessage(String.format("%s %.0f tok/s", objective.progress(),
                        (tokens - tokensBefore) / Math.max(1e-3, elapsed - elapsedBefore)));
                if (step % cfg.logEvery() == 0 || step >= cfg.maxSteps()) {
                    log(objective, step, epoch, tokens, elapsed, baseline);
                }
                if (step % cfg.checkpointEvery() == 0 || step >= cfg.maxSteps()) {
                    state = new State(step, epoch, batchIndex, tokens, elapsed);
                    checkpoint(objective, state);
                }
            }
            stopped = stop.requested();
            if (stopped) {
                double elapsed = elapsedBefore + Duration.between(loopStart, Instant.now()).toMillis() / 1000.0;
                state = new State(step, epoch, batchIndex, tokens, elapsed);
                checkpoint(objective, state);
                console.printf("%nstopped at step %d; checkpoint written, continue with --resume%n", step);
            }
        }
        if (stopped) {
            throw new UserError("pretraining interrupted at step " + step + "; continue with --resume");
        }
        return state;
    }

    /** One optimisation step: the objective's loss, backward, global-norm clip, AdamW at the scheduled rate. */
    private void step(Objective objective, int[] batch, long step) {
        Random random = new Random(cfg.seed() * 1_000_003L + step);
        try (NDManager m = objective.encoder().manager().newSubManager()) {
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.zeroGradients();
                NDArray loss = objective.loss(m, new ParameterStore(m, false), batch, random);
                if (loss == null) {
                    return; // skip the update; the next step starts from clean gradients
                }
                gc.backward(loss);
            }
            double norm = objective.optimizer().clipGlobalNorm(cfg.clip());
            if (Double.isFinite(norm)) {
                float lr = learningRate(step);
                objective.optimizer().step(lr, lr);
            }
        }
    }

    /** The trainable arrays of a tagger used as an encoder: its emission head and CRF are not part of pretraining. */
    static List<Pair<String, Parameter>> encoderParams(String prefix, DjlTagger tagger) {
        List<Pair<String, Parameter>> out = new ArrayList<>();
        for (Pair<String, Parameter> p : tagger.parameters()) {
            if (!DjlTagger.isHead(p.getKey())) {
                out.add(new Pair<>(prefix + p.getKey(), p.getValue()));
            }
        }
        return out;
    }

    /** AdamW over {@code params}, one learning rate for all, decay on weights and embeddings only. */
    static AdamW adamW(NDManager manager, List<Pair<String, Parameter>> params, float weightDecay) {
        return new AdamW(manager, params, name -> false,
                name -> name.endsWith("weight") || name.endsWith("embedding"), weightDecay);
    }

    /** Tagger inputs for a padded batch of ids ({@code [b * width]}, row lengths from {@code batch}): no bigrams or lexicon (ids 0). */
    static NDList inputs(NDManager m, int[] ids, int[][] batch, int width) {
        List<Features> rows = new ArrayList<>(batch.length);
        for (int s = 0; s < batch.length; s++) {
            int len = batch[s].length;
            int[] chars = new int[len];
            System.arraycopy(ids, s * width, chars, 0, len);
            int[] zeros = new int[len];
            rows.add(new Features(chars, zeros, zeros, zeros));
        }
        return DjlTagger.inputs(m, rows);
    }

    /** The longest row. */
    static int width(int[][] batch) {
        int width = 0;
        for (int[] s : batch) {
            width = Math.max(width, s.length);
        }
        return width;
    }

    /** Rows {@code flat} of {@code states} ({@code [rows, H]}) as {@code [n, H]}: a one-hot matrix product, differentiable without a gather. */
    static NDArray selectRows(NDManager m, NDArray states, int[] flat, int rows) {
        return m.create(oneHot(flat, rows), new Shape(flat.length, rows)).matMul(states);
    }

    /** Mean cross-entropy of {@code logits} ({@code [n, vocab]}) against the ids {@code gold}. */
    static NDArray crossEntropy(NDManager m, NDArray logits, int[] gold, int vocab) {
        return logits.logSoftmax(1).mul(m.create(oneHot(gold, vocab), new Shape(gold.length, vocab))).sum().neg()
                .div(m.create((float) gold.length));
    }

    /** How many rows of {@code logits} ({@code gold.length × vocab}, flattened) have their largest value at the gold id. */
    static long correct(float[] logits, int[] gold, int vocab) {
        int[] predicted = Corruption.argmax(logits, gold.length, vocab);
        long right = 0;
        for (int i = 0; i < gold.length; i++) {
            right += predicted[i] == gold[i] ? 1 : 0;
        }
        return right;
    }

    /** Row-wise one-hot rows: {@code index.length × width}, row i has a 1 at {@code index[i]}. */
    static float[] oneHot(int[] index, int width) {
        float[] out = new float[index.length * width];
        for (int i = 0; i < index.length; i++) {
            out[i * width + index[i]] = 1f;
        }
        return out;
    }

    /** Masked accuracy of always guessing the corpus's most frequent character: what an MLM must beat. */
    static double frequencyBaseline(PretrainCorpus corpus, int vocabSize) {
        long[] counts = new long[vocabSize];
        long total = 0;
        for (int i = 0; i < corpus.size(); i++) {
            for (int id : corpus.get(i)) {
                counts[id]++;
                total++;
            }
        }
        long best = 0;
        for (long c : counts) {
            best = Math.max(best, c);
        }
        return total == 0 ? 0 : (double) best / total;
    }

    private void log(Objective objective, long step, int epoch, long tokens, double elapsed, double baseline)
            throws IOException {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("step", step);
        row.put("epoch", epoch);
        row.put("tokens", tokens);
        row.put("lr", learningRate(step));
        objective.drainInto(row);
        row.put("frequency_baseline", baseline);
        row.put("elapsed_s", Math.round(elapsed * 10) / 10.0);
        try (Writer w = Files.newBufferedWriter(cfg.out().resolve(LOG), StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            w.write(new ObjectMapper().writeValueAsString(row));
            w.write('\n');
        }
    }

    private void plot() throws IOException {
        LearningCurve.plot(cfg.out().resolve(LOG), cfg.out().resolve(CURVE),
                title() + " pretraining (" + cfg.arch() + ")", curveKeys());
    }

    /** Writes {@code checkpoint-STEP/} completely, points {@code checkpoint.json} at it, refreshes {@code encoder/}, drops older checkpoints. */
    private void checkpoint(Objective objective, State state) throws IOException {
        Path dir = Checkpoints.folder(cfg.out(), state.step());
        objective.save(dir);
        objective.optimizer().save(dir.resolve("optimizer.ndl"));
        Checkpoints.commit(cfg.out(), dir, state, List.of(VOCAB));
        writeEncoder(objective, state);
        plot();
    }

    private State restore(Objective objective, Checkpoints.Restored<State> last) throws IOException {
        objective.restore(last.dir());
        objective.optimizer().load(last.dir().resolve("optimizer.ndl"));
        return last.state();
    }

    /** {@code encoder/}: the encoder's parameters, its vocabulary and a card saying how it was made. */
    private Path writeEncoder(Objective objective, State state) throws IOException {
        Path dir = cfg.out().resolve(ENCODER);
        Files.createDirectories(dir);
        DjlTagger encoder = objective.encoder();
        encoder.saveParameters(dir.resolve(ModelDir.PARAMS), false);
        Files.copy(cfg.out().resolve(VOCAB), dir.resolve(VOCAB), StandardCopyOption.REPLACE_EXISTING);
        Map<String, Object> card = new LinkedHashMap<>();
        card.put("config", encoder.block().config());
        card.put("objective", cfg.objective());
        card.put("pretraining", cfg);
        card.put("steps", state.step());
        card.put("tokens", state.tokens());
        card.put("seconds", Math.round(state.elapsedSeconds()));
        card.put("commit", GitInfo.commit());
        card.put("machine", GitInfo.machine());
        card.put("params_sha256", AtomicFiles.sha256(dir.resolve(ModelDir.PARAMS)));
        Path tmp = dir.resolve(ENCODER_CARD + ".tmp");
        JSON.writeValue(tmp.toFile(), card);
        AtomicFiles.moveAtomically(tmp, dir.resolve(ENCODER_CARD));
        return dir;
    }
}
