package org.companyner.train;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.companyner.UserError;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Everything one training run needs, and nothing about one invocation ({@code --resume} and
 * {@code --overwrite} are arguments of {@link Trainer#run}). Written into the model card
 * ({@code training.config}) and read back by {@link #read}, so {@code train --config runs/x/model.json}
 * repeats a run from its card alone. Built with {@link #builder} (defaults are the {@code train}
 * command's); checked in the canonical constructor with messages that name the option to fix.
 *
 * @param arch           model preset name
 * @param train          training data file
 * @param format         its format name
 * @param label          dataset label(s) that count as COMPANY
 * @param dev            optional separate dev file (same format); null = carve {@code devFraction} out of train
 * @param devFraction    share of the training data held out for early stopping
 * @param out            output model directory
 * @param maxSteps       step budget (the LR schedule decays to 0 here)
 * @param batchSize      sentences per batch
 * @param lr             encoder learning rate
 * @param headLr         emission head + CRF learning rate
 * @param warmup         linear warm-up steps
 * @param weightDecay    AdamW decoupled weight decay
 * @param clip           global gradient-norm clip
 * @param evalEvery      steps between dev evaluations
 * @param patience       evaluations without dev-F1 gain before stopping early
 * @param seed           data order, dev split and initialisation seed
 * @param maxLen         window length (≤ preset positions)
 * @param bigrams        use char-bigram embeddings
 * @param maxBigrams     bigram vocabulary cap
 * @param limit          use only the first N training sentences (0 = all); for learning curves and tests
 * @param half           store the final parameters as float16
 * @param lexicon        gazetteer folder for lexicon features (null = none)
 * @param lexiconDropout share of training windows whose lexicon features are hidden (0 = never)
 * @param init           pretrained encoder directory ({@code pretrain}'s {@code encoder/}) to start from (null = random)
 * @param continueFrom   a trained model directory (a previous stage) to continue: its vocabularies, lexicon and
 *                       every parameter, head and CRF included, are the start; null = a new model
 * @param softWeight     weight of the distillation term: KL(teacher marginals ‖ the CRF's own marginals) per position,
 *                       added to the CRF loss for documents that carry a teacher's marginals (0 = hard labels only)
 * @param charDropout    share of training characters replaced by the unknown character (and their bigrams hidden)
 *                       each time a window is drawn: input noise as in Noisy Student (Xie et al. 2020); 0 = none
 * @param teacherUnknownBelow positions whose teacher's most probable tag has a marginal below this are left unknown
 *                       in the hard loss (the soft term still sees them); 0 = never
 */
@JsonIgnoreProperties(ignoreUnknown = true) // cards written before resume/overwrite left the config
public record TrainConfig(String arch, Path train, String format, String label, Path dev, double devFraction,
                          Path out, int maxSteps, int batchSize, float lr, float headLr, int warmup,
                          float weightDecay, float clip, int evalEvery, int patience, long seed, int maxLen,
                          boolean bigrams, int maxBigrams, int limit, boolean half,
                          Path lexicon, float lexiconDropout, Path init, Path continueFrom,
                          float softWeight, float charDropout, float teacherUnknownBelow) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public TrainConfig {
        if (arch == null || train == null || out == null) {
            throw new UserError("a training run needs --arch, --data and --out");
        }
        if (init != null && continueFrom != null) {
            throw new UserError("--init (a pretrained encoder) and a previous stage to continue exclude each other");
        }
        if (lexiconDropout < 0 || lexiconDropout >= 1) {
            throw new UserError("--lexicon-dropout must be in [0, 1), got " + lexiconDropout);
        }
        if (!(softWeight >= 0) || Float.isInfinite(softWeight)) {
            throw new UserError("--soft-weight must be finite and ≥ 0, got " + softWeight);
        }
        if (charDropout < 0 || charDropout >= 1) {
            throw new UserError("--char-dropout must be in [0, 1), got " + charDropout);
        }
        if (teacherUnknownBelow < 0 || teacherUnknownBelow > 1) {
            throw new UserError("--teacher-unknown-below must be in [0, 1], got " + teacherUnknownBelow);
        }
        positive("--steps", maxSteps);
        positive("--batch", batchSize);
        positive("--eval-every", evalEvery);
        positive("--patience", patience);
        if (maxLen < 8) {
            throw new UserError("--max-len must be at least 8, got " + maxLen);
        }
        if (devFraction <= 0 || devFraction >= 0.5) {
            throw new UserError("--dev-fraction must be in (0, 0.5), got " + devFraction);
        }
    }

    private static void positive(String option, int value) {
        if (value <= 0) {
            throw new UserError(option + " must be at least 1, got " + value);
        }
    }

    /** A builder with the {@code train} command's defaults. */
    public static Builder builder(String arch, Path train, Path out) {
        return new Builder(arch, train, out);
    }

    /** A builder holding this configuration. */
    public Builder toBuilder() {
        Builder b = new Builder(arch, train, out);
        b.format = format;
        b.label = label;
        b.dev = dev;
        b.devFraction = devFraction;
        b.maxSteps = maxSteps;
        b.batchSize = batchSize;
        b.lr = lr;
        b.headLr = headLr;
        b.warmup = warmup;
        b.weightDecay = weightDecay;
        b.clip = clip;
        b.evalEvery = evalEvery;
        b.patience = patience;
        b.seed = seed;
        b.maxLen = maxLen;
        b.bigrams = bigrams;
        b.maxBigrams = maxBigrams;
        b.limit = limit;
        b.half = half;
        b.lexicon = lexicon;
        b.lexiconDropout = lexiconDropout;
        b.init = init;
        b.continueFrom = continueFrom;
        b.softWeight = softWeight;
        b.charDropout = charDropout;
        b.teacherUnknownBelow = teacherUnknownBelow;
        return b;
    }

    /**
     * The run configuration in {@code file}: a model card ({@code model.json}, its {@code training.config})
     * or a configuration written on its own.
     *
     * @throws UserError naming the file when it holds no readable configuration
     */
    public static TrainConfig read(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new UserError("cannot read training configuration " + file + ": " + e.getMessage());
        }
        JsonNode node = root != null && root.has("training") ? root.path("training").path("config") : root;
        if (node == null || !node.isObject() || !node.has("arch")) {
            throw new UserError(file + " holds no training configuration (a model card's training.config, or the configuration itself)");
        }
        try {
            return JSON.treeToValue(node, TrainConfig.class);
        } catch (IOException | IllegalArgumentException e) {
            throw new UserError("training configuration in " + file + " is not valid: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    /** Mutable defaults for a {@link TrainConfig}; each setter returns the builder. */
    public static final class Builder {
        private String arch;
        private Path train;
        private Path out;
        private String format = "cluener";
        private String label = "company";
        private Path dev;
        private double devFraction = 0.1;
        private int maxSteps = 6000;
        private int batchSize = 32;
        private float lr = 5e-4f;
        private float headLr = 5e-3f;
        private int warmup = 300;
        private float weightDecay = 0.01f;
        private float clip = 1.0f;
        private int evalEvery = 200;
        private int patience = 6;
        private long seed = 42;
        private int maxLen = 128;
        private boolean bigrams = true;
        private int maxBigrams = 30000;
        private int limit;
        private boolean half;
        private Path lexicon;
        private float lexiconDropout;
        private Path init;
        private Path continueFrom;
        private float softWeight;
        private float charDropout;
        private float teacherUnknownBelow;

        private Builder(String arch, Path train, Path out) {
            this.arch = arch;
            this.train = train;
            this.out = out;
        }

        public Builder arch(String v) { arch = v; return this; }
        public Builder train(Path v) { train = v; return this; }
        public Builder out(Path v) { out = v; return this; }
        public Builder format(String v) { format = v; return this; }
        public Builder label(String v) { label = v; return this; }
        public Builder dev(Path v) { dev = v; return this; }
        public Builder devFraction(double v) { devFraction = v; return this; }
        public Builder steps(int v) { maxSteps = v; return this; }
        public Builder batch(int v) { batchSize = v; return this; }
        public Builder lr(float v) { lr = v; return this; }
        public Builder headLr(float v) { headLr = v; return this; }
        public Builder warmup(int v) { warmup = v; return this; }
        public Builder weightDecay(float v) { weightDecay = v; return this; }
        public Builder clip(float v) { clip = v; return this; }
        public Builder evalEvery(int v) { evalEvery = v; return this; }
        public Builder patience(int v) { patience = v; return this; }
        public Builder seed(long v) { seed = v; return this; }
        public Builder maxLen(int v) { maxLen = v; return this; }
        public Builder bigrams(boolean v) { bigrams = v; return this; }
        public Builder maxBigrams(int v) { maxBigrams = v; return this; }
        public Builder limit(int v) { limit = v; return this; }
        public Builder half(boolean v) { half = v; return this; }
        public Builder lexicon(Path v) { lexicon = v; return this; }
        public Builder lexiconDropout(float v) { lexiconDropout = v; return this; }
        public Builder init(Path v) { init = v; return this; }
        public Builder continueFrom(Path v) { continueFrom = v; return this; }
        public Builder softWeight(float v) { softWeight = v; return this; }
        public Builder charDropout(float v) { charDropout = v; return this; }
        public Builder teacherUnknownBelow(float v) { teacherUnknownBelow = v; return this; }

        public TrainConfig build() {
            return new TrainConfig(arch, train, format, label, dev, devFraction, out, maxSteps, batchSize, lr, headLr,
                    warmup, weightDecay, clip, evalEvery, patience, seed, maxLen, bigrams, maxBigrams, limit, half,
                    lexicon, lexiconDropout, init, continueFrom, softWeight, charDropout, teacherUnknownBelow);
        }
    }
}
