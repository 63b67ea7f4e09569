package org.companyner.pretrain;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
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
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * ELECTRA pretraining (Clark et al. 2020, "ELECTRA: Pre-training Text Encoders as Discriminators
 * Rather Than Generators"): a small generator restores masked characters (MLM), its samples replace
 * them, and the discriminator — the encoder that fine-tuning starts from — tells for every position
 * whether the character was replaced. Loss = MLM + λ·RTD.
 *
 * <p>The discriminator is a {@link DjlTagger} of the chosen preset (characters only: char bigrams
 * would leak the original of a replaced character), so {@code encoder/params.ndl} loads straight into
 * a tagger with {@code train --init}. Checkpoints are atomic; {@code --resume} continues at the same
 * step, data position and masking (masks and samples are seeded by step; dropout is not).
 */
public final class ElectraPretrainer extends Pretrainer {
    public ElectraPretrainer(PretrainConfig cfg, PrintStream console) {
        super(cfg, console);
    }

    /** The generator's shape: the discriminator's depth at 1/{@code divisor} of its width (ELECTRA: 1/4). */
    static EncoderConfig generatorConfig(EncoderConfig disc, int divisor) {
        int hidden = Math.max(16, disc.hidden() / divisor);
        int heads = Math.max(1, hidden / 64);
        return new EncoderConfig("electra-generator", disc.vocabSize(), 0, disc.embeddingSize(), hidden,
                disc.layers(), heads, 4 * hidden, disc.maxPositions(), disc.dropout(), disc.shareLayers(), 0);
    }

    @Override
    PretrainCorpus corpus(CharVocab vocab) {
        return PretrainCorpus.pack(cfg.corpus(), vocab, cfg.maxLen());
    }

    @Override
    String title() {
        return "ELECTRA";
    }

    @Override
    List<String> curveKeys() {
        return List.of("mlm_accuracy", "rtd_accuracy", "replaced_recall", "frequency_baseline");
    }

    @Override
    Objective objective(CharVocab vocab, PretrainCorpus corpus) {
        EncoderConfig discConfig = encoderConfig(vocab);
        EncoderConfig genConfig = generatorConfig(discConfig, cfg.generatorDivisor());
        console.printf("electra: %d documents, %d sequences, %d chars, vocabulary %d; discriminator %s H%d L%d, generator H%d%n",
                corpus.documents(), corpus.size(), corpus.chars(), vocab.size(), discConfig.arch(),
                discConfig.hidden(), discConfig.layers(), genConfig.hidden());
        DjlTagger disc = DjlTagger.create(discConfig);
        DjlTagger gen = null;
        try {
            gen = DjlTagger.create(genConfig);
            return new Networks(disc, gen, vocab, corpus);
        } catch (RuntimeException e) {
            if (gen != null) {
                gen.close();
            }
            disc.close();
            throw e;
        }
    }

    /** Generator, discriminator, their heads and optimiser; running sums between two log rows. */
    private final class Networks implements Objective {
        private final DjlTagger disc;
        private final DjlTagger gen;
        private final Linear mlmHead;
        private final Linear rtdHead;
        private final List<Pair<String, Parameter>> heads = new ArrayList<>();
        private final AdamW opt;
        private final CharVocab vocab;
        private final PretrainCorpus corpus;
        private final Metrics metrics = new Metrics("mlm_loss", "rtd_loss", "mlm_accuracy", "rtd_accuracy",
                "replaced_recall", "replaced_share");

        Networks(DjlTagger disc, DjlTagger gen, CharVocab vocab, PretrainCorpus corpus) {
            this.disc = disc;
            this.gen = gen;
            this.vocab = vocab;
            this.corpus = corpus;
            NDManager manager = disc.manager();
            mlmHead = Linear.builder().setUnits(vocab.size()).build();
            mlmHead.initialize(manager, DataType.FLOAT32, new Shape(1, gen.block().config().hidden()));
            rtdHead = Linear.builder().setUnits(1).build();
            rtdHead.initialize(manager, DataType.FLOAT32, new Shape(1, 1, disc.block().config().hidden()));
            mlmHead.getParameters().forEach(p -> heads.add(new Pair<>("mlm_" + p.getKey(), p.getValue())));
            rtdHead.getParameters().forEach(p -> heads.add(new Pair<>("rtd_" + p.getKey(), p.getValue())));
            List<Pair<String, Parameter>> trained = new ArrayList<>();
            trained.addAll(encoderParams("disc/", disc));
            trained.addAll(encoderParams("gen/", gen));
            trained.addAll(heads);
            opt = adamW(manager, trained, cfg.weightDecay());
        }

        @Override
        public DjlTagger encoder() {
            return disc;
        }

        @Override
        public AdamW optimizer() {
            return opt;
        }

        @Override
        public NDArray loss(NDManager m, ParameterStore ps, int[] indices, Random random) {
            int[][] batch = corpus.get(indices);
            int width = width(batch);
            int b = batch.length;
            int v = vocab.size();
            Corruption.Masked mask = Corruption.mask(batch, width, cfg.maskRate(), random);
            int n = mask.flat().length;
            // generator: restore the masked characters
            NDArray genHidden = gen.block().encode(ps, inputs(m, mask.input(), batch, width), true)
                    .reshape(b * width, gen.block().config().hidden());
            NDArray logits = mlmHead.forward(ps, new NDList(selectRows(m, genHidden, mask.flat(), b * width)), true)
                    .singletonOrThrow();
            NDArray mlmLoss = crossEntropy(m, logits, mask.original(), v);
            float[] flatLogits = logits.toFloatArray();
            long maskedRight = correct(flatLogits, mask.original(), v);
            int[] sampled = Corruption.sample(flatLogits, n, v, random);

            // discriminator: which characters were replaced?
            int[] corrupted = mask.input().clone();
            float[] isReplaced = new float[b * width];
            for (int i = 0; i < n; i++) {
                corrupted[mask.flat()[i]] = sampled[i];
                isReplaced[mask.flat()[i]] = sampled[i] == mask.original()[i] ? 0f : 1f;
            }
            float[] real = new float[b * width];
            int realPositions = 0;
            for (int s = 0; s < b; s++) {
                for (int t = 0; t < batch[s].length; t++) {
                    real[s * width + t] = 1f;
                    realPositions++;
                }
            }
            NDArray discHidden = disc.block().encode(ps, inputs(m, corrupted, batch, width), true);
            NDArray z = rtdHead.forward(ps, new NDList(discHidden), true).singletonOrThrow().reshape(b, width);
            NDArray y = m.create(isReplaced, new Shape(b, width));
            NDArray realMask = m.create(real, new Shape(b, width));
            NDArray rtdLoss = Activation.softPlus(z).sub(z.mul(y)).mul(realMask).sum()
                    .div(m.create((float) realPositions));
            NDArray loss = mlmLoss.add(rtdLoss.mul(m.create(cfg.rtdWeight())));
            float mlmValue = mlmLoss.getFloat();
            float rtdValue = rtdLoss.getFloat();
            if (!Float.isFinite(mlmValue) || !Float.isFinite(rtdValue)) {
                return null;
            }
            float[] zs = z.toFloatArray();
            long positions = 0;
            long rtdRight = 0;
            long replaced = 0;
            long replacedFound = 0;
            for (int i = 0; i < zs.length; i++) {
                if (real[i] > 0) {
                    boolean saysReplaced = zs[i] > 0;
                    boolean wasReplaced = isReplaced[i] > 0;
                    positions++;
                    rtdRight += saysReplaced == wasReplaced ? 1 : 0;
                    if (wasReplaced) {
                        replaced++;
                        replacedFound += saysReplaced ? 1 : 0;
                    }
                }
            }
            metrics.mean("mlm_loss", mlmValue);
            metrics.mean("rtd_loss", rtdValue);
            metrics.add("mlm_accuracy", maskedRight, n);
            metrics.add("rtd_accuracy", rtdRight, positions);
            metrics.add("replaced_recall", replacedFound, replaced);
            metrics.add("replaced_share", replaced, positions);
            return loss;
        }

        @Override
        public String progress() {
            return String.format("mlm acc %.3f rtd acc %.3f", metrics.value("mlm_accuracy"), metrics.value("rtd_accuracy"));
        }

        @Override
        public void drainInto(Map<String, Object> row) {
            metrics.drainInto(row);
        }

        @Override
        public void save(Path dir) throws IOException {
            disc.saveParameters(dir.resolve("disc.ndl"), false);
            gen.saveParameters(dir.resolve("gen.ndl"), false);
            ParamFiles.save(disc.manager(), heads, dir.resolve("heads.ndl"), false);
        }

        @Override
        public void restore(Path dir) {
            disc.loadParameters(dir.resolve("disc.ndl"));
            gen.loadParameters(dir.resolve("gen.ndl"));
            ParamFiles.load(disc.manager(), heads, dir.resolve("heads.ndl"));
        }

        @Override
        public void close() {
            gen.close();
            disc.close();
        }
    }
}
