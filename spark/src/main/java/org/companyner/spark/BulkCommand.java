package org.companyner.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.companyner.UserError;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code bulk}: tags a corpus with Spark. The launcher runs it in-process on {@code local[*]} (nothing to
 * install); the same jar runs on a cluster under {@code spark-submit --class org.companyner.spark.BulkCommand}
 * (README, "Bulk tagging on Spark"). A thin wrapper: options in, {@link BulkJob#run} out.
 */
@Command(name = "bulk", mixinStandardHelpOptions = true,
        description = {"Tags a corpus on Apache Spark: text (one article a line), JSONL {\"id\", \"text\"} or Parquet (id, text) in;",
                "JSONL or Parquet directories out: {\"id\", \"text\", \"entities\": [{\"start\", \"end\", \"text\", \"type\", \"score\"}]}",
                "(offsets in code points), and every article that could not be tagged, with id and reason, in --errors."})
public final class BulkCommand implements Callable<Integer> {
    @Option(names = "--input", required = true, split = ",", paramLabel = "PATH",
            description = "Input files, directories or globs (comma-separated; any Hadoop path).")
    List<String> inputs;
    @Option(names = "--output", required = true, paramLabel = "DIR", description = "Output directory for the tagged articles.")
    String output;
    @Option(names = "--errors", paramLabel = "DIR", description = "Output directory for articles that failed (default: OUTPUT-errors).")
    String errors;
    @Option(names = "--model", paramLabel = "DIR",
            description = {"Model directory as the executors see it (default: the shipped models/default); several, separated",
                    "by commas, tag as one ensemble (marginals averaged: a distillation teacher)."})
    String model;
    @Option(names = "--format", defaultValue = "text", paramLabel = "FORMAT", description = "text, jsonl or parquet (default ${DEFAULT-VALUE}).")
    String format;
    @Option(names = "--output-format", defaultValue = "jsonl", paramLabel = "FORMAT", description = "jsonl or parquet (default ${DEFAULT-VALUE}).")
    String outputFormat;
    @Option(names = "--marginals", description = "Also write per-position tag marginals (base64, 3 bytes O/B/I per code point, as JSONL training data holds them).")
    boolean marginals;
    @Option(names = "--no-text", negatable = false, description = "Write ids and entities only, not the text.")
    boolean noText;
    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master (default: local[*], or what spark-submit set).")
    String master;
    @Option(names = "--partitions", defaultValue = "0", paramLabel = "N", description = "Partitions to tag in (default: twice the cores).")
    int partitions;
    @Option(names = "--threads", defaultValue = "1", paramLabel = "N",
            description = "ONNX Runtime threads per task; an executor runs one task per core (default ${DEFAULT-VALUE}).")
    int threads;
    @Option(names = "--batch-tokens", defaultValue = "4096", paramLabel = "N", description = "Characters per inference batch (default ${DEFAULT-VALUE}).")
    int batchTokens;
    @Option(names = "--max-chars", defaultValue = "" + BulkConfig.DEFAULT_MAX_CHARS, paramLabel = "N",
            description = "Longest article to tag, in code points; longer ones go to the errors (default ${DEFAULT-VALUE}).")
    int maxChars;
    @Option(names = "--no-link", description = "Do not link mentions to the model's company table (nor add the mentions of aliases an article declares).")
    boolean noLink;

    @Option(names = "--overwrite", description = "Replace existing output directories.")
    boolean overwrite;
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** {@code company-ner bulk ...} and {@code spark-submit --class org.companyner.spark.BulkCommand}. */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command with its error handling: a {@link UserError} is one line and exit 2. */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new BulkCommand());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            Throwable user = userError(e);
            if (user != null) {
                commandLine.getErr().println("error: " + user.getMessage());
                return 2;
            }
            commandLine.getErr().println("error: internal failure: " + e);
            if (System.getenv("COMPANY_NER_DEBUG") != null) {
                e.printStackTrace(commandLine.getErr());
            }
            return 1;
        });
        return cli;
    }

    /** A {@link UserError} thrown here or in a task (Spark wraps it), or null. */
    private static Throwable userError(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UserError) {
                return t;
            }
        }
        return null;
    }

    @Override
    public Integer call() {
        BulkConfig config = new BulkConfig(inputs, BulkConfig.InputFormat.parse(format), output, errors,
                BulkConfig.OutputFormat.parse(outputFormat), model != null ? model : defaultModel(),
                marginals, !noText, maxChars, batchTokens, threads, partitions, overwrite, !noLink);
        SparkSession spark = session(master);
        try {
            BulkSummary summary = BulkJob.run(spark, config);
            PrintWriter out = spec.commandLine().getOut();
            out.println(summary);
            out.println("tagged: " + config.output() + "  errors: " + config.errors());
            out.flush();
            return summary.consistent() ? 0 : 1;
        } finally {
            spark.stop();
        }
    }

    private static String defaultModel() {
        return Path.of(System.getProperty("companyner.home", "."), "models", "default").toString();
    }

    /**
     * A session on {@code master}; without one, what spark-submit set, else {@code local[*]}. Local runs bind
     * to 127.0.0.1 with no web UI (STACK.md: runs offline, nothing listening beyond loopback).
     */
    static SparkSession session(String master) {
        SparkSession.Builder builder = SparkSession.builder().appName("company-ner bulk");
        String effective = master != null ? master : new SparkConf().get("spark.master", "local[*]");
        builder.master(effective);
        if (effective.startsWith("local")) {
            builder.config("spark.ui.enabled", "false")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1");
        }
        return builder.getOrCreate();
    }
}
