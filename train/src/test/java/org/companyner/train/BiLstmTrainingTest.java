package org.companyner.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.companyner.export.OnnxExporter;
import org.companyner.io.DataReader;
import org.companyner.io.Format;
import org.companyner.io.LabelMap;
import org.companyner.model.EncoderConfig;
import org.companyner.model.Presets;
import org.companyner.nn.CrfLoss;
import org.companyner.nn.DjlTagger;
import org.companyner.runtime.Crf;
import org.companyner.train.loop.AdamW;
import org.companyner.runtime.Featurizer;
import org.companyner.runtime.Features;
import org.companyner.runtime.OnnxEmitter;
import org.companyner.text.CodePoints;
import org.companyner.text.Document;
import org.companyner.text.Tags;
import org.companyner.vocab.BigramVocab;
import org.companyner.vocab.CharVocab;
import org.companyner.vocab.TextCounts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code bilstm} preset trains: a short run with the CRF loss and AdamW (as the trainer does)
 * overfits the invented corpus, and its ONNX export decodes the same paths.
 */
class BiLstmTrainingTest {
    static final int STEPS = 60;
    static final int BATCH = 8;

    record Example(Features features, int[] tags) {
    }

    @Test
    void theBiLstmPresetLearnsTheInventedCorpusAndExportsTheSamePaths(@TempDir Path tmp) throws IOException {
        TrainerTest.oneIntraOpThread();
        List<Document> docs = DataReader.read(TinyCorpus.write(tmp.resolve("train.jsonl")), Format.CLUENER,
                LabelMap.parse("company"));
        TextCounts counts = TextCounts.of(docs.stream().map(Document::text).toList());
        CharVocab chars = CharVocab.build(counts.chars(), 1);
        BigramVocab bigrams = BigramVocab.build(counts.bigrams(), 1);
        Featurizer featurizer = new Featurizer(chars, bigrams);
        List<Example> examples = new ArrayList<>();
        for (Document d : docs) {
            int[] cps = CodePoints.of(d.text()); // every sentence fits one window of 64
            examples.add(new Example(featurizer.article(cps).slice(0, cps.length), Tags.encode(cps.length, d.entities())));
        }
        EncoderConfig config = Presets.get("bilstm").withVocab(chars.size(), bigrams.size()).withMaxPositions(64);

        Engine.getInstance().setRandomSeed(42);
        try (DjlTagger tagger = DjlTagger.create(config)) {
            AdamW opt = new AdamW(tagger.manager(), tagger.parameters(), name -> name.startsWith("crf"),
                    name -> false, 0f);
            Random rnd = new Random(42);
            List<Double> losses = new ArrayList<>();
            List<Example> order = new ArrayList<>(examples);
            for (int step = 0, next = order.size(); step < STEPS; step++, next += BATCH) {
                if (next + BATCH > order.size()) {
                    Collections.shuffle(order, rnd);
                    next = 0;
                }
                losses.add(trainStep(tagger, opt, order.subList(next, next + BATCH)));
            }
            double first = losses.get(0);
            double last = losses.subList(STEPS - 10, STEPS).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
            System.out.printf("bilstm on the tiny corpus: CRF loss %.3f at step 1, %.4f over the last 10 of %d steps%n",
                    first, last, STEPS);
            assertThat(last).as("loss falls").isLessThan(0.1 * first);

            Crf crf = tagger.crf();
            List<Features> all = examples.stream().map(Example::features).toList();
            List<float[][]> emissions = tagger.emissions(all);
            int tp = 0;
            int gold = 0;
            int found = 0;
            for (int k = 0; k < examples.size(); k++) {
                Set<String> want = spans(examples.get(k).tags());
                Set<String> got = spans(crf.viterbi(emissions.get(k)));
                gold += want.size();
                found += got.size();
                got.retainAll(want);
                tp += got.size();
            }
            double f1 = 2.0 * tp / Math.max(1, gold + found);
            System.out.printf("bilstm on the tiny corpus: training-set entity F1 %.3f%n", f1);
            assertThat(f1).isGreaterThan(0.9);

            Path onnxDir = tmp.resolve("onnx");
            OnnxExporter.export(tagger, onnxDir, false);
            try (OnnxEmitter onnx = OnnxEmitter.load(onnxDir, config.maxPositions(), 1)) {
                List<float[][]> exported = onnx.emissions(all);
                for (int k = 0; k < all.size(); k++) {
                    assertThat(crf.viterbi(exported.get(k))).isEqualTo(crf.viterbi(emissions.get(k)));
                }
            }
        }
    }

    private static double trainStep(DjlTagger tagger, AdamW opt, List<Example> batch) {
        try (NDManager m = tagger.manager().newSubManager()) {
            NDList inputs = DjlTagger.inputs(m, batch.stream().map(Example::features).toList());
            int[][] tags = batch.stream().map(Example::tags).toArray(int[][]::new);
            double loss;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.zeroGradients();
                ParameterStore ps = new ParameterStore(m, false);
                NDArray emissions = tagger.block().forward(ps, inputs, true).singletonOrThrow();
                NDList crf = tagger.block().crfParameters(ps, emissions.getDevice(), true);
                NDArray nll = CrfLoss.nll(emissions, crf.get(0), crf.get(1), crf.get(2), tags);
                loss = nll.getFloat();
                gc.backward(nll);
            }
            opt.clipGlobalNorm(1.0);
            opt.step(2e-3f, 1e-2f);
            return loss;
        }
    }

    private static Set<String> spans(int[] tags) {
        Set<String> out = new HashSet<>();
        for (int[] s : Tags.spans(tags)) {
            out.add(s[0] + ":" + s[1]);
        }
        return out;
    }
}
