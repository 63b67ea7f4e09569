package org.companyner.bench;

import org.companyner.export.OnnxExporter;
import org.companyner.model.EncoderConfig;
import org.companyner.model.Presets;
import org.companyner.nn.DjlTagger;
import org.companyner.runtime.Emitter;
import org.companyner.runtime.Featurizer;
import org.companyner.runtime.LoadedModel;
import org.companyner.runtime.OnnxEmitter;
import org.companyner.runtime.Recognizer;
import org.companyner.text.CodePoints;
import org.companyner.text.Windower;
import org.companyner.vocab.BigramVocab;
import org.companyner.vocab.CharVocab;
import org.companyner.vocab.TextCounts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Speed of model versions on the same articles, in one process, through the serving path
 * (ONNX Runtime + Java Viterbi): a warm-up pass, then {@code rounds} timed passes.
 */
public final class Benchmark {
    /** One model's figures; field names are the JSON keys. */
    public record Result(String name, long chars_per_second, long sentences_per_second, double p50_ms,
                         double p99_ms, long peak_rss_mb, double flops_per_char, double roofline_fraction,
                         String weights, String note) {
    }

    private final List<String> articles;
    private final int rounds;
    private final int threads;
    private final MatmulPeak peak;
    private final long chars;
    private final long sentences;
    private final String latencyArticle;

    /** @param peak the matrix-product peaks of this host (see {@link MatmulPeak#measure}) */
    public Benchmark(List<String> articles, int rounds, int threads, MatmulPeak peak) {
        this.articles = articles;
        this.rounds = rounds;
        this.threads = threads;
        this.peak = peak;
        this.chars = articles.stream().mapToLong(CodePoints::length).sum();
        this.sentences = articles.stream().mapToLong(a -> Windower.sentenceEnds(CodePoints.of(a)).length).sum();
        StringBuilder sb = new StringBuilder();
        for (String a : articles) {
            if (CodePoints.length(sb.toString()) >= 200) {
                break;
            }
            sb.append(a);
        }
        String s = sb.toString();
        this.latencyArticle = CodePoints.substring(s, 0, Math.min(200, CodePoints.length(s)));
    }

    /** A model directory, or a preset name (random weights, vocabulary from the articles). */
    public Result run(String spec, boolean int8, Path scratch) throws IOException {
        Path dir = Path.of(spec);
        if (Files.isDirectory(dir)) {
            try (LoadedModel m = LoadedModel.open(dir, 4096, threads, null)) {
                String name = m.card().name() + " (" + m.card().config().arch() + ", trained)";
                Object weights = m.card().training().getOrDefault("onnx_weights", "fp32");
                return measure(name, m.card().config(), m.recognizer(), "trained (" + spec + ")",
                        weights.toString().startsWith("int8"));
            }
        }
        EncoderConfig preset = Presets.get(spec);
        TextCounts counts = TextCounts.of(articles);
        CharVocab cv = CharVocab.build(counts.chars(), 1);
        BigramVocab bv = BigramVocab.build(counts.bigrams(), 2);
        EncoderConfig config = preset.withVocab(cv.size(), bv.size());
        Path out = scratch.resolve(spec + (int8 ? "-int8" : ""));
        try (DjlTagger tagger = DjlTagger.create(config)) {
            OnnxExporter.export(tagger, out, int8);
        }
        try (Emitter e = OnnxEmitter.load(out, config.maxPositions(), threads)) {
            Recognizer r = new Recognizer(e, new Featurizer(cv, bv), 4096);
            return measure(spec + (int8 ? " int8" : ""), config, r, "random weights", int8);
        }
    }

    private Result measure(String name, EncoderConfig config, Recognizer r, String note, boolean int8) {
        System.err.printf("%s: warm-up...%n", name);
        r.recognize(articles.subList(0, Math.min(articles.size(), 300)));
        double[] rates = new double[rounds];
        for (int k = 0; k < rounds; k++) {
            long t0 = System.nanoTime();
            r.recognize(articles);
            rates[k] = chars / ((System.nanoTime() - t0) / 1e9);
            System.err.printf("%s: round %d/%d %.0f chars/s%n", name, k + 1, rounds, rates[k]);
        }
        Arrays.sort(rates);
        double median = rates[rounds / 2];
        List<Double> lat = new ArrayList<>();
        List<String> one = List.of(latencyArticle);
        for (int i = 0; i < 220; i++) {
            long t0 = System.nanoTime();
            r.recognize(one);
            if (i >= 20) {
                lat.add((System.nanoTime() - t0) / 1e6);
            }
        }
        lat.sort(Comparator.naturalOrder());
        double avgLen = Math.min(config.maxPositions(), (double) chars / Math.max(1, sentences));
        double flops = Flops.perChar(config, avgLen);
        return new Result(name, Math.round(median), Math.round(median * sentences / chars),
                round(lat.get(lat.size() / 2)), round(lat.get((int) Math.ceil(lat.size() * 0.99) - 1)),
                peakRssMb(), Math.round(flops), Math.round(flops * median / (peak.forWeights(int8) * 1e9) * 1000) / 1000.0,
                int8 ? "int8" : "fp32", note);
    }

    private static double round(double x) {
        return Math.round(x * 100) / 100.0;
    }

    /** VmHWM of this process so far (MB); 0 where /proc is not available. */
    static long peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException ignored) {
            // not Linux
        }
        return 0;
    }
}
