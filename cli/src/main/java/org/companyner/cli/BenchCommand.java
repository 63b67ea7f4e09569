package org.companyner.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.companyner.UserError;
import org.companyner.bench.Benchmark;
import org.companyner.bench.MatmulPeak;
import org.companyner.io.ArticleReader;
import org.companyner.io.DataReader;
import org.companyner.io.Format;
import org.companyner.io.LabelMap;
import org.companyner.text.Document;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code bench}: chars/s, latency, memory and roofline of model versions, side by side in one process. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measures model versions on the same articles through the serving path (ONNX Runtime).",
                "A model is a model directory or a preset name (random weights: speed only)."})
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--models", split = ",", defaultValue = "electra-small,albert-small,bert-base,student",
            description = "Comma-separated model directories or presets (default ${DEFAULT-VALUE}).")
    List<String> models;
    @Option(names = "--int8", description = "Also measure each preset with int8 weights.")
    boolean int8;
    @Option(names = "--text", paramLabel = "FILE", description = "Plain-text articles (one a line) instead of the default CLUENER dev + CFSC val texts.")
    Path text;
    @Option(names = "--limit", defaultValue = "0", description = "Use only the first N articles (0 = all).")
    int limit;
    @Option(names = "--rounds", defaultValue = "3", description = "Timed passes per model; the median is reported (default ${DEFAULT-VALUE}).")
    int rounds;
    @Option(names = "--threads", defaultValue = "2", description = "ONNX Runtime intra-op threads (default ${DEFAULT-VALUE}).")
    int threads;
    @Option(names = "--link", description = "Also measure each model directory with linking to its company table (a second row, NAME + link).")
    boolean link;

    @Option(names = "--json", description = "Print {\"models\": [...]} as JSON.")
    boolean json;
    @Option(names = "--png", paramLabel = "FILE", description = "Write a bar chart of chars/s.")
    Path png;
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (rounds < 1) {
            throw new UserError("--rounds must be at least 1");
        }
        ModelOptions.atLeastOne("--threads", threads);
        OutputFiles.checkWritable(png, "--png");
        List<Document> gold = text == null ? defaultTexts() : null; // the default texts come with labels
        List<String> articles = gold != null ? gold.stream().map(Document::text).toList() : articles(text);
        if (limit > 0 && limit < articles.size()) {
            articles = articles.subList(0, limit);
            gold = gold == null ? null : gold.subList(0, limit);
        }
        if (articles.isEmpty()) {
            throw new UserError("no articles to benchmark");
        }
        MatmulPeak peak = MatmulPeak.measure(threads);
        System.err.printf("matmul peak on this host (ONNX Runtime, %d threads): fp32 %.0f GFLOP/s, int8 %.0f GOP/s%n",
                threads, peak.fp32Gflops(), peak.int8Gops());
        Benchmark bench = new Benchmark(articles, gold, rounds, threads, peak);
        List<Benchmark.Spec> specs = new ArrayList<>();
        for (String m : models) {
            specs.add(new Benchmark.Spec(m, false));
            if (link && Files.isDirectory(Path.of(m))) {
                specs.add(new Benchmark.Spec(m, false, true));
            }
            if (int8 && !Files.isDirectory(Path.of(m))) {
                specs.add(new Benchmark.Spec(m, true));
            }
        }
        Path scratch = Files.createTempDirectory("company-ner-bench");
        List<Benchmark.Result> results = bench.run(specs, scratch);
        var out = spec.commandLine().getOut();
        if (json) {
            out.println(new ObjectMapper().writeValueAsString(Map.of("models", results, "peak", peak)));
        } else {
            out.printf("matmul peak on this host (ONNX Runtime, %d threads): fp32 %.0f GFLOP/s, int8 %.0f GOP/s;"
                    + " roofline = FLOPs/char x chars/s over the peak of the row's precision%n",
                    threads, peak.fp32Gflops(), peak.int8Gops());
            if (gold != null) {
                out.println("dev P/R/F1: exact match on the gold labels of the benchmark texts (trained models only)");
            }
            out.printf("%-28s %10s %9s %8s %8s %8s %12s %9s%s%n", "model", "chars/s", "sent/s", "p50 ms", "p99 ms",
                    "RSS MB", "FLOPs/char", "roofline", gold == null ? "" : String.format(" %7s %7s %7s", "dev P", "dev R", "dev F1"));
            for (Benchmark.Result r : results) {
                out.printf("%-28s %10d %9d %8.2f %8.2f %8d %12.0f %9.3f%s%n", r.name(), r.chars_per_second(),
                        r.sentences_per_second(), r.p50_ms(), r.p99_ms(), r.peak_rss_mb(), r.flops_per_char(),
                        r.roofline_fraction(), gold == null ? "" : r.dev_f1() == null
                                ? String.format(" %7s %7s %7s", "-", "-", "-")
                                : String.format(" %7.4f %7.4f %7.4f", r.dev_precision(), r.dev_recall(), r.dev_f1()));
            }
        }
        out.flush();
        if (png != null) {
            CategoryChart chart = new CategoryChartBuilder().width(900).height(450)
                    .title("company-ner: chars/s through ONNX Runtime (" + threads + " threads)")
                    .xAxisTitle("model").yAxisTitle("chars/s").build();
            chart.getStyler().setLegendVisible(false);
            chart.getStyler().setXAxisLabelRotation(40);
            chart.addSeries("chars/s", results.stream().map(Benchmark.Result::name).toList(),
                    results.stream().map(r -> (Number) r.chars_per_second()).toList());
            BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
        }
        return 0;
    }

    /** Plain-text articles, one a line. */
    private static List<String> articles(Path text) {
        if (!Files.isRegularFile(text)) {
            throw new UserError("no such file: " + text);
        }
        List<String> out = new ArrayList<>();
        try (InputStream in = Files.newInputStream(text);
             ArticleReader r = new ArticleReader(in, text.toString(), ArticleReader.Layout.TEXT)) {
            for (List<String> chunk = r.next(4096); !chunk.isEmpty(); chunk = r.next(4096)) {
                out.addAll(chunk);
            }
        } catch (java.io.IOException e) {
            throw new UserError("cannot read " + text + ": " + e.getMessage());
        }
        return out;
    }

    /** The default benchmark texts with their gold labels: CLUENER 2020 dev ("company") + CFSC val ("Corporate"). */
    private static List<Document> defaultTexts() {
        Path data = Path.of(System.getProperty("companyner.home", "."), "..", "shared", "data");
        Path cluener = data.resolve("cluener2020/dev.json");
        Path cfsc = data.resolve("cfsc_ner/val.json");
        if (!Files.isRegularFile(cluener) || !Files.isRegularFile(cfsc)) {
            throw new UserError("default benchmark texts not found under " + data.normalize() + "; pass --text FILE");
        }
        List<Document> out = new ArrayList<>(DataReader.read(cluener, Format.CLUENER, LabelMap.parse("company")));
        out.addAll(DataReader.read(cfsc, Format.CFSC, LabelMap.parse("Corporate")));
        return out;
    }
}
