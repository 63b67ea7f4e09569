package org.companyner.bench;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.companyner.eval.Evaluator;
import org.companyner.eval.Scores;
import org.companyner.export.OnnxExporter;
import org.companyner.model.EncoderConfig;
import org.companyner.model.Presets;
import org.companyner.nn.DjlTagger;
import org.companyner.runtime.Emitter;
import org.companyner.runtime.Featurizer;
import org.companyner.UserError;
import org.companyner.link.CompanyLinker;
import org.companyner.runtime.LoadedModel;
import org.companyner.runtime.ModelDir;
import org.companyner.text.Entity;
import org.companyner.runtime.OnnxEmitter;
import org.companyner.runtime.Recognizer;
import org.companyner.text.CodePoints;
import org.companyner.text.Document;
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
 * (ONNX Runtime + Java Viterbi): a warm-up pass, then {@code rounds} timed passes. When the articles
 * come with gold labels, each trained model is also scored on them ({@link Evaluator#evaluate}, the
 * scoring path of {@code eval} and training), after and apart from the timed passes.
 */
public final class Benchmark {
    /**
     * One model's figures; field names are the JSON keys. {@code dev_*}: exact-match scores on the gold
     * labels of the articles, for trained models benchmarked on labelled articles; null (left out of
     * the JSON) otherwise.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Result(String name, long chars_per_second, long sentences_per_second, double p50_ms,
                         double p99_ms, long peak_rss_mb, double flops_per_char, double roofline_fraction,
                         String weights, String note, Double dev_precision, Double dev_recall, Double dev_f1) {
    }

    private final List<String> articles;
    private final List<Document> gold;
    private final int rounds;
    private final int threads;
    private final MatmulPeak peak;
    private final long chars;
    private final long sentences;
    private final String latencyArticle;

    /** Speed only: {@link #Benchmark(List, List, int, int, MatmulPeak)} without gold labels. */
    public Benchmark(List<String> articles, int rounds, int threads, MatmulPeak peak) {
        this(articles, null, rounds, threads, peak);
    }

    /**
     * @param gold the articles with their gold mentions (same texts, same order), or null when unlabelled
     * @param peak the matrix-product peaks of this host (see {@link MatmulPeak#measure})
     */
    public Benchmark(List<String> articles, List<Document> gold, int rounds, int threads, MatmulPeak peak) {
        if (gold != null && !gold.stream().map(Document::text).toList().equals(articles)) {
            throw new IllegalArgumentException("gold documents must hold the benchmark's articles, in order");
        }
        this.articles = articles;
        this.gold = gold;
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

    /** One model opened for measuring. */
    private record Subject(String name, EncoderConfig config, Recognizer recognizer, String note, boolean int8,
                           boolean trained, AutoCloseable resource, CompanyLinker linker) {
        Subject(String name, EncoderConfig config, Recognizer recognizer, String note, boolean int8,
                boolean trained, AutoCloseable resource) {
            this(name, config, recognizer, note, int8, trained, resource, null);
        }

        /** What is timed: the model's mentions, linked when the subject links. */
        List<List<Entity>> recognize(List<String> texts) {
            List<List<Entity>> found = recognizer.recognize(texts);
            return linker == null ? found : linker.linkAll(texts, found);
        }
    }

    /** A model directory, or a preset name with or without int8 weights (random weights, vocabulary from the articles). */
    public record Spec(String model, boolean int8, boolean link) {
        public Spec(String model, boolean int8) {
            this(model, int8, false);
        }
    }

    /**
     * Measures every model under the same conditions: all are opened and warmed up first (the Java
     * side — featurizer, Viterbi — is compiled by the JIT before any timing, so the first model is not
     * penalised), then the timed passes go round-robin over the models, so slow drifts of the machine
     * (another process, clock changes) hit every model alike; the median pass of each is reported.
     */
    public List<Result> run(List<Spec> specs, Path scratch) throws Exception {
        List<Subject> subjects = new ArrayList<>();
        try {
            for (Spec spec : specs) {
                subjects.add(open(spec, scratch));
            }
            for (Subject s : subjects) {
                System.err.printf("%s: warm-up...%n", s.name());
                s.recognize(articles.subList(0, Math.min(articles.size(), 300)));
            }
            for (Subject s : subjects) { // a second warm-up round once every model's code paths have run
                s.recognize(articles.subList(0, Math.min(articles.size(), 300)));
            }
            double[][] rates = new double[subjects.size()][rounds];
            for (int k = 0; k < rounds; k++) {
                for (int m = 0; m < subjects.size(); m++) {
                    long t0 = System.nanoTime();
                    subjects.get(m).recognize(articles);
                    rates[m][k] = chars / ((System.nanoTime() - t0) / 1e9);
                    System.err.printf("%s: round %d/%d %.0f chars/s%n", subjects.get(m).name(), k + 1, rounds, rates[m][k]);
                }
            }
            List<Result> results = new ArrayList<>();
            for (int m = 0; m < subjects.size(); m++) {
                Subject s = subjects.get(m);
                Scores dev = null;
                if (gold != null && s.trained()) {
                    dev = Evaluator.evaluate(s.recognizer(), gold).scores();
                    System.err.printf("%s: dev P %.4f R %.4f F1 %.4f%n", s.name(), dev.precision(), dev.recall(), dev.f1());
                }
                results.add(result(s, rates[m], dev));
            }
            return results;
        } finally {
            for (Subject s : subjects) {
                s.resource().close();
            }
        }
    }

    private Subject open(Spec spec, Path scratch) throws IOException {
        Path dir = Path.of(spec.model());
        if (Files.isDirectory(dir)) {
            LoadedModel m = LoadedModel.open(dir, 4096, threads, null);
            String name = m.card().name() + " (" + m.card().config().arch() + ", trained)";
            Object weights = m.card().training().getOrDefault("onnx_weights", "fp32");
            if (spec.link() && m.linker() == null) {
                m.close();
                throw new UserError("--link: " + dir + " has no company table (" + ModelDir.COMPANIES + ")");
            }
            return new Subject(name + (spec.link() ? " + link" : ""), m.card().config(), m.recognizer(),
                    "trained (" + spec.model() + ")" + (spec.link() ? ", linked" : ""),
                    weights.toString().startsWith("int8"), true, m, spec.link() ? m.linker() : null);
        }
        EncoderConfig preset = Presets.get(spec.model());
        TextCounts counts = TextCounts.of(articles);
        CharVocab cv = CharVocab.build(counts.chars(), 1);
        BigramVocab bv = BigramVocab.build(counts.bigrams(), 2);
        EncoderConfig config = preset.withVocab(cv.size(), bv.size());
        Path out = scratch.resolve(spec.model() + (spec.int8() ? "-int8" : ""));
        try (DjlTagger tagger = DjlTagger.create(config)) {
            OnnxExporter.export(tagger, out, spec.int8());
        }
        Emitter e = OnnxEmitter.load(out, config.maxPositions(), threads);
        return new Subject(spec.model() + (spec.int8() ? " int8" : ""), config, new Recognizer(e, new Featurizer(cv, bv), 4096),
                "random weights", spec.int8(), false, e);
    }

    private Result result(Subject s, double[] rates, Scores dev) {
        double[] sorted = rates.clone();
        Arrays.sort(sorted);
        double median = sorted[sorted.length / 2];
        List<Double> lat = new ArrayList<>();
        List<String> one = List.of(latencyArticle);
        for (int i = 0; i < 220; i++) {
            long t0 = System.nanoTime();
            s.recognize(one);
            if (i >= 20) {
                lat.add((System.nanoTime() - t0) / 1e6);
            }
        }
        lat.sort(Comparator.naturalOrder());
        double avgLen = Math.min(s.config().maxPositions(), (double) chars / Math.max(1, sentences));
        double flops = Flops.perChar(s.config(), avgLen);
        return new Result(s.name(), Math.round(median), Math.round(median * sentences / chars),
                round(lat.get(lat.size() / 2)), round(lat.get((int) Math.ceil(lat.size() * 0.99) - 1)),
                peakRssMb(), Math.round(flops), Math.round(flops * median / (peak.forWeights(s.int8()) * 1e9) * 1000) / 1000.0,
                s.int8() ? "int8" : "fp32", s.note(), dev == null ? null : round4(dev.precision()),
                dev == null ? null : round4(dev.recall()), dev == null ? null : round4(dev.f1()));
    }

    private static double round(double x) {
        return Math.round(x * 100) / 100.0;
    }

    private static double round4(double x) {
        return Math.round(x * 1e4) / 1e4;
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
