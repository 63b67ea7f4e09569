package org.companyner.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.companyner.UserError;
import org.companyner.io.AtomicFiles;
import org.companyner.io.DataWriter;
import org.companyner.io.Format;
import org.companyner.label.LabellingSource;
import org.companyner.label.ModelSource;
import org.companyner.label.SourceCatalog;
import org.companyner.label.outline.Outline;
import org.companyner.label.outline.OutlineOptions;
import org.companyner.label.outline.OutlineSummary;
import org.companyner.label.outline.Progress;
import org.companyner.runtime.LoadedModel;
import org.companyner.text.Document;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code outline}: a raw corpus machine-labelled for training (JSONL with scores and unknown ranges),
 * plus a summary table and JSON. A thin command over {@link Outline#build}.
 */
@Command(name = "outline", mixinStandardHelpOptions = true,
        description = "Machine-labels a raw corpus (one paragraph a line, blank line between documents) for training: "
                + "sentences, votes of the labelling sources, mentions with confidence and unknown positions, as JSONL.")
final class OutlineCommand implements Callable<Integer> {
    static final List<String> DEFAULT_SOURCES = List.of("gazetteer-trusted", "gazetteer-wide", "brand", "suffix", "hanlp", "model");

    @Option(names = "--corpus", required = true, paramLabel = "FILE", description = "Raw corpus, UTF-8.")
    Path corpus;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Output JSONL (text, entities with score, unknown).")
    Path out;

    @Option(names = "--sources", paramLabel = "A,B", split = ",",
            description = "Sources that vote, in order (default: gazetteer-trusted,gazetteer-wide,brand,suffix,hanlp,model). "
                    + "Also: ccks2019, bdci2019, fincuge, resume, weibo (their string lists, matched anywhere).")
    List<String> sources;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "0",
            description = "Label only the first N sentences (default: all).")
    long limit;

    @Option(names = "--summary", paramLabel = "FILE", description = "Also write the summary as JSON.")
    Path summaryFile;

    @Option(names = "--data-root", paramLabel = "DIR",
            description = "Shared data folder with the name lists (default: ../shared/data from the project).")
    Path dataRoot;

    @Option(names = "--min-chars", paramLabel = "N", defaultValue = "" + OutlineOptions.DEFAULT_MIN_CHARS,
            description = "Shortest sentence kept, in characters (default: ${DEFAULT-VALUE}).")
    int minChars;

    @Option(names = "--max-chars", paramLabel = "N", defaultValue = "" + OutlineOptions.DEFAULT_MAX_CHARS,
            description = "Longest sentence; longer ones are cut at punctuation, else hard (default: ${DEFAULT-VALUE}, the model window).")
    int maxChars;

    @Option(names = "--accept", paramLabel = "P", defaultValue = "" + OutlineOptions.DEFAULT_ACCEPT,
            description = "Noisy-OR confidence at which a span becomes a mention (default: ${DEFAULT-VALUE}).")
    double accept;

    @Option(names = "--margin", paramLabel = "P", defaultValue = "" + OutlineOptions.DEFAULT_MARGIN,
            description = "How far a mention must beat every overlapping rival span (default: ${DEFAULT-VALUE}).")
    double margin;

    @Option(names = "--untouched", paramLabel = "POLICY", defaultValue = "CUE",
            description = "Positions no source touches: CUE (O unless an unexplained company cue word or only rejected "
                    + "votes), UNKNOWN (O only with a mention), O (always O; the naive labels). Default: ${DEFAULT-VALUE}.")
    OutlineOptions.Untouched untouched;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "" + OutlineOptions.DEFAULT_BATCH_SIZE,
            description = "Sentences per labelling batch (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--no-progress", description = "No progress bar.")
    boolean noProgress;

    @Mixin
    ModelOptions model;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        OutlineOptions options;
        try {
            options = new OutlineOptions(minChars, maxChars, accept, margin, untouched, batchSize, limit);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        if (!Files.isRegularFile(corpus)) {
            throw new UserError("corpus file not found: " + corpus);
        }
        OutputFiles.checkWritable(out, "--out");
        OutputFiles.checkWritable(summaryFile, "--summary");
        List<String> names = sources == null ? DEFAULT_SOURCES : sources;
        Path root = dataRoot != null ? dataRoot : Path.of(System.getProperty("companyner.home", "."), "..", "shared", "data");
        List<LabellingSource> built = new ArrayList<>();
        LoadedModel loaded = null;
        OutlineSummary summary;
        try {
            SourceCatalog catalog = names.stream().allMatch("model"::equals) ? null : new SourceCatalog(root.normalize(), false);
            for (String name : names) {
                if (name.equals("model")) {
                    loaded = model.open();
                    built.add(new ModelSource("model", loaded.recognizer()));
                } else {
                    built.add(catalog.build(name));
                }
            }
            OutlineSummary[] result = new OutlineSummary[1];
            AtomicFiles.write(out, stream -> {
                Writer w = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8));
                List<Document> pending = new ArrayList<>();
                try (Bar bar = new Bar(!noProgress)) {
                    result[0] = Outline.build(corpus, built, options, doc -> {
                        pending.add(doc);
                        if (pending.size() >= 1000) {
                            DataWriter.write(pending, Format.JSONL, "company", w);
                            pending.clear();
                        }
                    }, bar);
                }
                DataWriter.write(pending, Format.JSONL, "company", w);
                w.flush();
            });
            summary = result[0];
        } catch (UncheckedIOException e) {
            throw new UserError("cannot write " + out + ": " + e.getCause().getMessage());
        } finally {
            if (loaded != null) {
                loaded.close();
            }
        }
        var console = spec.commandLine().getOut();
        console.print(summary.table());
        console.flush();
        if (summaryFile != null) {
            ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            ObjectNode json = mapper.valueToTree(summary);
            json.put("unknownShare", summary.unknownShare());
            json.put("out", out.toString());
            Files.writeString(summaryFile, mapper.writeValueAsString(json) + "\n");
        }
        return 0;
    }

    /** The progress bar on standard error, as training shows it; nothing when switched off. */
    private static final class Bar implements Progress, AutoCloseable {
        private final boolean show;
        private ProgressBar bar;

        Bar(boolean show) {
            this.show = show;
        }

        @Override
        public void start(long total) {
            if (show) {
                bar = new ProgressBarBuilder().setTaskName("outline").setInitialMax(total).setUnit(" sent", 1)
                        .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(1000).continuousUpdate()
                        .setConsumer(new ConsoleProgressBarConsumer(new PrintStream(System.err, true, StandardCharsets.UTF_8)))
                        .startsFrom(0, Duration.ZERO).build();
            }
        }

        @Override
        public void advance(long sentences) {
            if (bar != null) {
                bar.stepBy(sentences);
            }
        }

        @Override
        public void close() {
            if (bar != null) {
                bar.close();
            }
        }
    }
}
