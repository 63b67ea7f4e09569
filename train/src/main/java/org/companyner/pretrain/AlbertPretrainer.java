package org.companyner.pretrain;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.Pair;
import org.companyner.model.EncoderConfig;
import org.companyner.nn.DjlTagger;
import org.companyner.nn.ParamFiles;
import org.companyner.train.loop.AdamW;
import org.companyner.train.loop.Metrics;
import org.companyner.vocab.CharVocab;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * ALBERT pretraining (Lan et al. 2020, "ALBERT: A Lite BERT for Self-supervised Learning of Language
 * Representations"): masked-language modelling plus sentence-order prediction (SOP). Every example is
 * two consecutive segments A, B of one document ({@link PretrainCorpus#pairs}); the encoder reads
 * {@code A [SEP] B}, or {@code B [SEP] A} for half of them, and must tell which (label 1 = swapped).
 * Unlike BERT's next-sentence prediction, both orders come from the same document, so the topic gives
 * nothing away: only coherence does. Loss = MLM + SOP.
 *
 * <p>MLM follows BERT: 15 % of the characters (never the separator) are chosen, 80 % of those become
 * [MASK], 10 % a random character, 10 % stay ({@link Corruption#maskBert}); a head
 * {@code Linear(embeddingSize) → gelu → LayerNorm → Linear(vocab)} restores them, as in ALBERT, whose
 * MLM transform is as narrow as the factorised embedding. SOP reads the mean of the hidden states over
 * the real positions through {@code Linear(1)} (binary cross-entropy). The encoder is a
 * {@link DjlTagger} of the chosen preset (default {@code albert-small}: one layer shared six times),
 * characters only, so {@code encoder/params.ndl} loads straight into a tagger with {@code train --init}.
 */
public final class AlbertPretrainer extends Pretrainer {
    public AlbertPretrainer(PretrainConfig cfg, PrintStream console) {
        super(cfg, console);
    }

    /**
     * One batch of SOP examples.
     *
     * @param ids     each example's encoder input: A [SEP] B, or B [SEP] A when swapped
     * @param swapped the label: whether B comes first
     */
    record SopBatch(int[][] ids, boolean[] swapped) {
    }

    /**
     * The encoder inputs of the pairs {@code indices} of {@code corpus}: each pair joined by
     * {@link CharVocab#SEP}, its segments swapped with probability 0.5 (drawn from {@code random}).
     */
    static SopBatch sopBatch(PretrainCorpus corpus, int[] indices, Random random) {
        int[][] ids = new int[indices.length][];
        boolean[] swapped = new boolean[indices.length];
        for (int i = 0; i < indices.length; i++) {
            int[] pair = corpus.get(indices[i]);
            int split = corpus.split(indices[i]);
            swapped[i] = random.nextBoolean();
            int[] first = swapped[i] ? Arrays.copyOfRange(pair, split, pair.length)
                    : Arrays.copyOfRange(pair, 0, split);
            int[] second = swapped[i] ? Arrays.copyOfRange(pair, 0, split)
                    : Arrays.copyOfRange(pair, split, pair.length);
            int[] joined = new int[pair.length + 1];
            System.arraycopy(first, 0, joined, 0, first.length);
            joined[first.length] = CharVocab.SEP;
            System.arraycopy(second, 0, joined, first.length + 1, second.length);
            ids[i] = joined;
        }
        return new SopBatch(ids, swapped);
    }

    /** Pairs of at most {@code maxLen - 1} characters: the separator takes one position. */
    @Override
    PretrainCorpus corpus(CharVocab vocab) {
        return PretrainCorpus.pairs(cfg.corpus(), vocab, cfg.maxLen() - 1, cfg.seed());
    }

    @Override
    String title() {
        return "ALBERT";
    }

    @Override
    List<String> curveKeys() {
        return List.of("mlm_accuracy", "sop_accuracy", "frequency_baseline");
    }

    @Override
    Objective objective(CharVocab vocab, PretrainCorpus corpus) {
        EncoderConfig config = encoderConfig(vocab);
        console.printf("albert: %d documents, %d segment pairs, %d chars, vocabulary %d; encoder %s E%d H%d L%d%s%n",
                corpus.documents(), corpus.size(), corpus.chars(), vocab.size(), config.arch(),
                config.embeddingSize(), config.hidden(), config.layers(), config.shareLayers() ? " (shared)" : "");
        DjlTagger encoder = DjlTagger.create(config);
        try {
            return new Networks(encoder, vocab, corpus);
        } catch (RuntimeException e) {
            encoder.close();
            throw e;
        }
    }

    /** The encoder, the MLM and SOP heads, the optimiser; running sums between two log rows. */
    private final class Networks implements Objective {
        private final DjlTagger encoder;
        private final Linear mlmDense;
        private final LayerNorm mlmNorm;
        private final Linear mlmOut;
        private final Linear sopHead;
        private final List<Pair<String, Parameter>> heads = new ArrayList<>();
        private final AdamW opt;
        private final CharVocab vocab;
        private final PretrainCorpus corpus;
        private final Metrics metrics = new Metrics("mlm_loss", "sop_loss", "mlm_accuracy", "sop_accuracy",
                "swapped_share");

        Networks(DjlTagger encoder, CharVocab vocab, PretrainCorpus corpus) {
            this.encoder = encoder;
            this.vocab = vocab;
            this.corpus = corpus;
            NDManager manager = encoder.manager();
            EncoderConfig config = encoder.block().config();
            // BERT's and ALBERT's initializer_range: N(0, 0.02) weights, so the first logits are near zero
            // (losses start at ln(vocab) and ln 2) instead of confidently wrong
            NormalInitializer init = new NormalInitializer(0.02f);
            mlmDense = Linear.builder().setUnits(config.embeddingSize()).build();
            mlmDense.setInitializer(init, Parameter.Type.WEIGHT);
            mlmDense.initialize(manager, DataType.FLOAT32, new Shape(1, config.hidden()));
            mlmNorm = LayerNorm.builder().axis(1).build();
            mlmNorm.initialize(manager, DataType.FLOAT32, new Shape(1, config.embeddingSize()));
            mlmOut = Linear.builder().setUnits(vocab.size()).build();
            mlmOut.setInitializer(init, Parameter.Type.WEIGHT);
            mlmOut.initialize(manager, DataType.FLOAT32, new Shape(1, config.embeddingSize()));
            sopHead = Linear.builder().setUnits(1).build();
            sopHead.setInitializer(init, Parameter.Type.WEIGHT);
            sopHead.initialize(manager, DataType.FLOAT32, new Shape(1, config.hidden()));
            mlmDense.getParameters().forEach(p -> heads.add(new Pair<>("mlm_dense_" + p.getKey(), p.getValue())));
            mlmNorm.getParameters().forEach(p -> heads.add(new Pair<>("mlm_norm_" + p.getKey(), p.getValue())));
            mlmOut.getParameters().forEach(p -> heads.add(new Pair<>("mlm_out_" + p.getKey(), p.getValue())));
            sopHead.getParameters().forEach(p -> heads.add(new Pair<>("sop_" + p.getKey(), p.getValue())));
            List<Pair<String, Parameter>> trained = new ArrayList<>(encoderParams("encoder/", encoder));
            trained.addAll(heads);
            opt = adamW(manager, trained, cfg.weightDecay());
        }

        @Override
        public DjlTagger encoder() {
            return encoder;
        }

        @Override
        public AdamW optimizer() {
            return opt;
        }

        @Override
        public NDArray loss(NDManager m, ParameterStore ps, int[] indices, Random random) {
            SopBatch sopBatch = sopBatch(corpus, indices, random);
            int[][] batch = sopBatch.ids();
            int width = width(batch);
            int b = batch.length;
            int v = vocab.size();
            int hidden = encoder.block().config().hidden();
            Corruption.Masked mask = Corruption.maskBert(batch, width, cfg.maskRate(), v, random);
            int n = mask.flat().length;
            NDArray states = encoder.block().encode(ps, inputs(m, mask.input(), batch, width), true); // [b, width, H]

            // MLM on the chosen positions, picked out by a one-hot matrix product (differentiable, no gather)
            NDArray h = selectRows(m, states.reshape(b * width, hidden), mask.flat(), b * width);
            h = Activation.gelu(mlmDense.forward(ps, new NDList(h), true).singletonOrThrow());
            h = mlmNorm.forward(ps, new NDList(h), true).singletonOrThrow();
            NDArray logits = mlmOut.forward(ps, new NDList(h), true).singletonOrThrow();
            NDArray mlmLoss = crossEntropy(m, logits, mask.original(), v);
            long masked = n;
            long maskedRight = correct(logits.toFloatArray(), mask.original(), v);

            // SOP from the mean hidden state over the real positions
            float[] real = new float[b * width];
            float[] lengths = new float[b];
            float[] labels = new float[b];
            for (int s = 0; s < b; s++) {
                for (int t = 0; t < batch[s].length; t++) {
                    real[s * width + t] = 1f;
                }
                lengths[s] = batch[s].length;
                labels[s] = sopBatch.swapped()[s] ? 1f : 0f;
            }
            NDArray pooled = states.mul(m.create(real, new Shape(b, width, 1))).sum(new int[]{1})
                    .div(m.create(lengths, new Shape(b, 1)));
            NDArray z = sopHead.forward(ps, new NDList(pooled), true).singletonOrThrow().reshape(b);
            NDArray y = m.create(labels, new Shape(b));
            NDArray sopLoss = Activation.softPlus(z).sub(z.mul(y)).sum().div(m.create((float) b));
            float mlmValue = mlmLoss.getFloat();
            float sopValue = sopLoss.getFloat();
            if (!Float.isFinite(mlmValue) || !Float.isFinite(sopValue)) {
                return null;
            }
            float[] zs = z.toFloatArray();
            long swaps = 0;
            long pairsRight = 0;
            for (int s = 0; s < b; s++) {
                swaps += sopBatch.swapped()[s] ? 1 : 0;
                pairsRight += (zs[s] > 0) == sopBatch.swapped()[s] ? 1 : 0;
            }
            metrics.mean("mlm_loss", mlmValue);
            metrics.mean("sop_loss", sopValue);
            metrics.add("mlm_accuracy", maskedRight, masked);
            metrics.add("sop_accuracy", pairsRight, b);
            metrics.add("swapped_share", swaps, b);
            return mlmLoss.add(sopLoss);
        }

        @Override
        public String progress() {
            return String.format("mlm acc %.3f sop acc %.3f", metrics.value("mlm_accuracy"), metrics.value("sop_accuracy"));
        }

        @Override
        public void drainInto(Map<String, Object> row) {
            metrics.drainInto(row);
        }

        @Override
        public void save(Path dir) throws IOException {
            encoder.saveParameters(dir.resolve("encoder.ndl"), false);
            ParamFiles.save(encoder.manager(), heads, dir.resolve("heads.ndl"), false);
        }

        @Override
        public void restore(Path dir) {
            encoder.loadParameters(dir.resolve("encoder.ndl"));
            ParamFiles.load(encoder.manager(), heads, dir.resolve("heads.ndl"));
        }

        @Override
        public void close() {
            encoder.close();
        }
    }
}
