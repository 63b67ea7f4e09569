package org.companyner.pretrain;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import org.companyner.UserError;
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
 * Bidirectional character language model for the BiLSTM encoder (as in ELMo, Peters et al. 2018, and
 * Flair, Akbik et al. 2018, "Contextual String Embeddings for Sequence Labeling"): the left-to-right
 * half of the BiLSTM predicts each next character, the right-to-left half each previous one. Every
 * position is a training signal (MLM uses 15 %), and the LSTM is cheap on CPUs, so this objective
 * reads the corpus several times in the time a transformer objective reads it once.
 *
 * <p>To keep the softmax over the vocabulary affordable, a share {@code maskRate} of the positions
 * of each direction is scored at each step (chosen by the step's seeded {@link Random}).
 */
public final class BilmPretrainer extends Pretrainer {
    public BilmPretrainer(PretrainConfig cfg, PrintStream console) {
        super(cfg, console);
    }

    @Override
    PretrainCorpus corpus(CharVocab vocab) {
        return PretrainCorpus.pack(cfg.corpus(), vocab, cfg.maxLen());
    }

    @Override
    String title() {
        return "BiLM";
    }

    @Override
    List<String> curveKeys() {
        return List.of("next_accuracy", "previous_accuracy", "frequency_baseline");
    }

    @Override
    Objective objective(CharVocab vocab, PretrainCorpus corpus) {
        EncoderConfig config = encoderConfig(vocab);
        if (config.lstmHidden() == 0) {
            throw new UserError("the bilm objective needs a preset with a BiLSTM (e.g. bilstm), not " + config.arch());
        }
        console.printf("bilm: %d documents, %d sequences, %d chars, vocabulary %d; %s BiLSTM 2x%d%n",
                corpus.documents(), corpus.size(), corpus.chars(), vocab.size(), config.arch(), config.lstmHidden());
        return new Networks(DjlTagger.create(config), vocab, corpus);
    }

    private final class Networks implements Objective {
        private final DjlTagger encoder;
        private final Linear nextHead;
        private final Linear previousHead;
        private final List<Pair<String, Parameter>> heads = new ArrayList<>();
        private final AdamW opt;
        private final CharVocab vocab;
        private final PretrainCorpus corpus;
        private final int hidden;
        private final Metrics metrics = new Metrics("next_loss", "previous_loss", "next_accuracy", "previous_accuracy");

        Networks(DjlTagger encoder, CharVocab vocab, PretrainCorpus corpus) {
            this.encoder = encoder;
            this.vocab = vocab;
            this.corpus = corpus;
            this.hidden = encoder.block().config().lstmHidden();
            NDManager manager = encoder.manager();
            nextHead = Linear.builder().setUnits(vocab.size()).build();
            nextHead.initialize(manager, DataType.FLOAT32, new Shape(1, hidden));
            previousHead = Linear.builder().setUnits(vocab.size()).build();
            previousHead.initialize(manager, DataType.FLOAT32, new Shape(1, hidden));
            nextHead.getParameters().forEach(p -> heads.add(new Pair<>("next_" + p.getKey(), p.getValue())));
            previousHead.getParameters().forEach(p -> heads.add(new Pair<>("previous_" + p.getKey(), p.getValue())));
            List<Pair<String, Parameter>> trained = new ArrayList<>(encoderParams("", encoder));
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
            int[][] batch = corpus.get(indices);
            int width = width(batch);
            int b = batch.length;
            int v = vocab.size();
            int[] ids = new int[b * width];
            for (int s = 0; s < b; s++) {
                System.arraycopy(batch[s], 0, ids, s * width, batch[s].length);
            }
            // positions scored in each direction: t predicts t+1 (left to right), t predicts t-1 (right to left)
            List<Integer> nextAt = new ArrayList<>();
            List<Integer> previousAt = new ArrayList<>();
            for (int s = 0; s < b; s++) {
                for (int t = 0; t < batch[s].length; t++) {
                    if (t + 1 < batch[s].length && random.nextDouble() < cfg.maskRate()) {
                        nextAt.add(s * width + t);
                    }
                    if (t > 0 && random.nextDouble() < cfg.maskRate()) {
                        previousAt.add(s * width + t);
                    }
                }
            }
            if (nextAt.isEmpty() || previousAt.isEmpty()) {
                return null;
            }
            NDArray states = encoder.block().contextual(ps, inputs(m, ids, batch, width), true); // [B, T, 2H]
            NDArray left = states.get(new NDIndex(":, :, :{}", hidden)).reshape(b * width, hidden);
            NDArray right = states.get(new NDIndex(":, :, {}:", hidden)).reshape(b * width, hidden);
            Direction next = score(m, ps, nextHead, left, nextAt, ids, +1, b * width, v);
            Direction previous = score(m, ps, previousHead, right, previousAt, ids, -1, b * width, v);
            float nextValue = next.loss().getFloat();
            float previousValue = previous.loss().getFloat();
            if (!Float.isFinite(nextValue) || !Float.isFinite(previousValue)) {
                return null;
            }
            metrics.mean("next_loss", nextValue);
            metrics.mean("previous_loss", previousValue);
            metrics.add("next_accuracy", next.right(), nextAt.size());
            metrics.add("previous_accuracy", previous.right(), previousAt.size());
            return next.loss().add(previous.loss());
        }

        private record Direction(NDArray loss, long right) {
        }

        /** Cross-entropy of predicting {@code ids[p + shift]} from the states at positions {@code at}. */
        private Direction score(NDManager m, ParameterStore ps, Linear head, NDArray states, List<Integer> at,
                                int[] ids, int shift, int rows, int v) {
            int n = at.size();
            int[] flat = at.stream().mapToInt(Integer::intValue).toArray();
            int[] gold = new int[n];
            for (int i = 0; i < n; i++) {
                gold[i] = ids[flat[i] + shift];
            }
            NDArray logits = head.forward(ps, new NDList(selectRows(m, states, flat, rows)), true).singletonOrThrow();
            return new Direction(crossEntropy(m, logits, gold, v), correct(logits.toFloatArray(), gold, v));
        }

        @Override
        public String progress() {
            return String.format("next acc %.3f prev acc %.3f", metrics.value("next_accuracy"),
                    metrics.value("previous_accuracy"));
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
