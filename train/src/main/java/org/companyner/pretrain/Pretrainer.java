package org.companyner.pretrain;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.companyner.UserError;
import org.companyner.io.AtomicFiles;
import org.companyner.model.EncoderConfig;
import org.companyner.model.Presets;
import org.companyner.nn.DjlTagger;
import org.companyner.runtime.Features;
import org.companyner.runtime.ModelDir;
import org.companyner.train.loop.AdamW;
import org.companyner.train.loop.Checkpoints;
import org.companyner.train.loop.GitInfo;
import org.companyner.train.loop.LoopSettings;
import org.companyner.train.loop.TrainingLoop;
import org.companyner.vocab.CharVocab;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
        LoopSettings settings = new LoopSettings(cfg.out(), cfg.objective(), cfg.maxSteps(), cfg.warmup(), cfg.lr(),
                cfg.lr(), cfg.clip(), cfg.seed(), cfg.logEvery(), cfg.checkpointEvery(), LOG, CURVE, curveKeys(),
                List.of(VOCAB), stopAt);
        TrainingLoop loop = new TrainingLoop(settings, console);
        Optional<Checkpoints.Restored<TrainingLoop.State>> last = loop.begin(resume, overwrite);
        Path vocabFile = cfg.out().resolve(VOCAB);
        CharVocab vocab;
        if (last.isPresent()) {
            vocab = CharVocab.load(vocabFile);
        } else {
            console.println("counting characters of " + cfg.corpus());
            vocab = CharVocab.build(PretrainCorpus.countChars(cfg.corpus()), cfg.minCount());
            vocab.save(vocabFile);
            JSON.writeValue(cfg.out().resolve(CONFIG).toFile(), cfg);
        }
        PretrainCorpus corpus = corpus(vocab);
        if (corpus.size() < cfg.batchSize()) { // batches() keeps only full batches
            throw new UserError("the corpus has " + corpus.size() + " sequences, fewer than one batch of " + cfg.batchSize());
        }
        Engine.getInstance().setRandomSeed((int) cfg.seed());
        try (CorpusObjective objective = new CorpusObjective(objective(vocab, corpus), corpus,
                frequencyBaseline(corpus, vocab.size()))) {
            TrainingLoop.State state = loop.run(objective, last);
            Path encoder = writeEncoder(objective.networks, state.step(), objective.tokens, state.elapsedSeconds());
            loop.plot();
            Checkpoints.finish(cfg.out());
            console.printf("pretrained encoder written to %s%n", encoder);
            return encoder;
        }
    }

    /**
     * A pretraining {@link Objective} as the training loop sees it: batches of corpus sequences, the
     * tokens read so far (resumable state) and the frequency baseline in every log row; the encoder
     * is refreshed in {@code encoder/} with every checkpoint.
     */
    private final class CorpusObjective implements org.companyner.train.loop.Objective {
        private final Objective networks;
        private final PretrainCorpus corpus;
        private final double baseline;
        private int cachedEpoch = -1;
        private int[][] cached;
        private long tokens;
        private long tokensAtStart;

        CorpusObjective(Objective networks, PretrainCorpus corpus, double baseline) {
            this.networks = networks;
            this.corpus = corpus;
            this.baseline = baseline;
        }

        private int[][] epoch(int epoch) {
            if (epoch != cachedEpoch) {
                cached = corpus.batches(cfg.seed(), epoch, cfg.batchSize());
                cachedEpoch = epoch;
            }
            return cached;
        }

        @Override
        public NDManager manager() {
            return networks.encoder().manager();
        }

        @Override
        public AdamW optimizer() {
            return networks.optimizer();
        }

        @Override
        public int batches(int epoch) {
            return epoch(epoch).length;
        }

        @Override
        public NDArray loss(NDManager m, ParameterStore ps, int epoch, int index, long step, Random random) {
            int[] batch = epoch(epoch)[index];
            for (int i : batch) {
                tokens += corpus.get(i).length;
            }
            return networks.loss(m, ps, batch, random);
        }

        @Override
        public String progress(double seconds) {
            return String.format("%s %.0f tok/s", networks.progress(), (tokens - tokensAtStart) / Math.max(1e-3, seconds));
        }

        @Override
        public void drainInto(Map<String, Object> row) {
            row.put("tokens", tokens);
            networks.drainInto(row);
            row.put("frequency_baseline", baseline);
        }

        @Override
        public Map<String, Object> state() {
            return Map.of("tokens", tokens);
        }

        @Override
        public void restoreState(Map<String, Object> state) {
            tokens = ((Number) state.getOrDefault("tokens", 0L)).longValue();
            tokensAtStart = tokens;
        }

        @Override
        public void save(Path dir) throws IOException {
            networks.save(dir);
        }

        @Override
        public void restore(Path dir) throws IOException {
            networks.restore(dir);
        }

        @Override
        public void checkpointed(long step, double elapsedSeconds) throws IOException {
            writeEncoder(networks, step, tokens, elapsedSeconds);
        }

        @Override
        public void close() {
            networks.close();
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

    /** {@code encoder/}: the encoder's parameters, its vocabulary and a card saying how it was made. */
    private Path writeEncoder(Objective objective, long step, long tokens, double elapsedSeconds) throws IOException {
        Path dir = cfg.out().resolve(ENCODER);
        Files.createDirectories(dir);
        DjlTagger encoder = objective.encoder();
        encoder.saveParameters(dir.resolve(ModelDir.PARAMS), false);
        Files.copy(cfg.out().resolve(VOCAB), dir.resolve(VOCAB), StandardCopyOption.REPLACE_EXISTING);
        Map<String, Object> card = new LinkedHashMap<>();
        card.put("config", encoder.block().config());
        card.put("objective", cfg.objective());
        card.put("pretraining", cfg);
        card.put("steps", step);
        card.put("tokens", tokens);
        card.put("seconds", Math.round(elapsedSeconds));
        card.put("commit", GitInfo.commit());
        card.put("machine", GitInfo.machine());
        card.put("params_sha256", AtomicFiles.sha256(dir.resolve(ModelDir.PARAMS)));
        Path tmp = dir.resolve(ENCODER_CARD + ".tmp");
        JSON.writeValue(tmp.toFile(), card);
        AtomicFiles.moveAtomically(tmp, dir.resolve(ENCODER_CARD));
        return dir;
    }
}
