package org.companyner.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.companyner.UserError;
import org.companyner.io.DataReader;
import org.companyner.io.Format;
import org.companyner.io.LabelMap;
import org.companyner.review.QueueFile;
import org.companyner.review.ReviewLoop;
import org.companyner.review.ReviewServer;
import org.companyner.review.ReviewSession;
import org.companyner.runtime.LoadedModel;
import org.companyner.text.Document;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code review}: the correction loop. {@code build} ranks the sentences where a model and the labels disagree,
 * {@code serve} opens the review page, {@code export} writes the corrected data; {@code weak-labels},
 * {@code simulate} and {@code plot} are the pieces of the simulated reviewer (scripts/review-simulation.sh).
 * Thin commands over {@link ReviewLoop}, {@link ReviewServer} and {@link ReviewSimulation}.
 */
@Command(name = "review", mixinStandardHelpOptions = true,
        description = "The correction loop: a review queue ranked by model-label disagreement, a browser review page, export.",
        subcommands = {ReviewCommand.Build.class, ReviewCommand.Serve.class, ReviewCommand.Export.class,
                ReviewCommand.WeakLabels.class, ReviewCommand.Simulate.class, ReviewCommand.Plot.class})
final class ReviewCommand implements Runnable {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "choose a review command (" + String.join(", ", spec.subcommands().keySet()) + ")");
    }

    @Command(name = "build", mixinStandardHelpOptions = true,
            description = "Runs the model over labelled data and writes the review queue (JSON lines, ranked).")
    static final class Build implements Callable<Integer> {
        @Option(names = "--data", required = true, paramLabel = "FILE", description = "Labelled (or machine-labelled) data.")
        Path data;

        @Option(names = "--format", required = true, paramLabel = "FORMAT", description = "cluener, cfsc, bio, bioes, bmes, yedda, jsonl.")
        String format;

        @Option(names = "--label", required = true, paramLabel = "LABEL", description = "Dataset label(s) that mean company.")
        String label;

        @Option(names = "--out", required = true, paramLabel = "QUEUE", description = "The queue file to write.")
        Path out;

        @Option(names = "--uncertain", paramLabel = "N", defaultValue = "0",
                description = "Also queue the N agreed sentences where the model is least sure, after the disputed ones "
                        + "(default: ${DEFAULT-VALUE}).")
        int uncertain;

        @Mixin
        ModelOptions model;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            OutputFiles.checkWritable(out, "--out");
            if (uncertain < 0) {
                throw new UserError("--uncertain must be at least 0, got " + uncertain);
            }
            Format f = Format.parse(format);
            List<Document> docs = DataReader.read(data, f, LabelMap.parse(label));
            ReviewLoop.Built built;
            try (LoadedModel loaded = model.open()) {
                built = ReviewLoop.build(docs, loaded.recognizer(), out, model.resolve().toString(), data.toString(),
                        f.id(), label, uncertain);
            }
            var w = spec.commandLine().getOut();
            w.printf(Locale.ROOT, "%s: %,d sentences, %,d queued (%.1f %%): %,d label spans the model misses, "
                            + "%,d model spans the labels lack%n", out, built.sentences(), built.queued(),
                    100.0 * built.queued() / Math.max(1, built.sentences()), built.labelOnly(), built.modelOnly());
            w.flush();
            return 0;
        }
    }

    @Command(name = "serve", mixinStandardHelpOptions = true,
            description = "Serves the review page for a queue; every decision is saved at once to QUEUE.decisions.jsonl.")
    static final class Serve implements Callable<Integer> {
        @Option(names = "--queue", required = true, paramLabel = "QUEUE", description = "A queue written by 'review build'.")
        Path queue;

        @Option(names = "--port", paramLabel = "PORT", defaultValue = "8090", description = "Port (default: ${DEFAULT-VALUE}; 0: any free one).")
        int port;

        @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1",
                description = "Address to listen on (default: ${DEFAULT-VALUE}, this machine only).")
        String host;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws InterruptedException {
            if (port < 0 || port > 65535) {
                throw new UserError("--port must be in 0..65535, got " + port);
            }
            QueueFile.Queue q = QueueFile.read(queue);
            checkPortFree(host, port);
            ReviewSession session = ReviewSession.open(q);
            ReviewServer server = new ReviewServer(session);
            int bound;
            try {
                bound = server.start(host, port);
            } catch (RuntimeException e) {
                session.close();
                throw new UserError("cannot listen on " + host + ":" + port + ": " + e.getMessage());
            }
            int reviewed = session.read(s -> s.reviewed());
            var w = spec.commandLine().getOut();
            w.printf(Locale.ROOT, "review page: http://%s:%d/  (%,d queued, %,d reviewed; decisions in %s)%n",
                    host.contains(":") ? "[" + host + "]" : host, bound, q.queued().size(), reviewed,
                    org.companyner.review.DecisionLog.of(queue));
            w.flush();
            CountDownLatch stop = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.close();
                session.close();
                stop.countDown();
            }));
            stop.await();
            return 0;
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Writes the corrected data: reviewed sentences take the decisions, the others keep their labels.")
    static final class Export implements Callable<Integer> {
        @Option(names = "--queue", required = true, paramLabel = "QUEUE", description = "A queue written by 'review build'.")
        Path queue;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "Output data file.")
        Path out;

        @Option(names = "--format", required = true, paramLabel = "FORMAT",
                description = "cluener, cfsc, bio, bioes, bmes, yedda, jsonl (only jsonl keeps unknown ranges).")
        String format;

        @Option(names = "--label", paramLabel = "LABEL", defaultValue = "company",
                description = "Label written for company spans (default: ${DEFAULT-VALUE}).")
        String label;

        @Option(names = "--reviewed-only", description = "Only the sentences with a decision.")
        boolean reviewedOnly;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            OutputFiles.checkWritable(out, "--out");
            Format f = Format.parse(format);
            QueueFile.Queue q = QueueFile.read(queue);
            int n = ReviewLoop.export(q, out, f, label, reviewedOnly);
            spec.commandLine().getOut().printf(Locale.ROOT, "%s: %,d sentences (%s)%n", out, n, f.id());
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    @Command(name = "weak-labels", mixinStandardHelpOptions = true,
            description = "Machine-labels the texts of a data set with the outline sources (one output sentence per input "
                    + "sentence, same order; no corpus splitting): the start of the simulated correction loop.")
    static final class WeakLabels implements Callable<Integer> {
        @Option(names = "--data", required = true, paramLabel = "FILE") Path data;
        @Option(names = "--format", required = true, paramLabel = "FORMAT") String format;
        @Option(names = "--label", required = true, paramLabel = "LABEL") String label;
        @Option(names = "--out", required = true, paramLabel = "FILE", description = "JSONL with scores and unknown ranges.") Path out;

        @Option(names = "--sources", paramLabel = "A,B", split = ",",
                description = "Sources (default: gazetteer-trusted,gazetteer-wide,brand,suffix,hanlp — no model: a model "
                        + "trained on these texts would leak their gold labels).")
        List<String> sources;

        @Option(names = "--data-root", paramLabel = "DIR", description = "Shared data folder (default: ../shared/data).")
        Path dataRoot;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            OutputFiles.checkWritable(out, "--out");
            List<Document> docs = DataReader.read(data, Format.parse(format), LabelMap.parse(label));
            List<String> names = sources == null ? List.of("gazetteer-trusted", "gazetteer-wide", "brand", "suffix", "hanlp") : sources;
            if (names.contains("model")) {
                throw new UserError("weak-labels runs without the model source (it would leak the labels it was trained on)");
            }
            Path root = dataRoot != null ? dataRoot : Path.of(System.getProperty("companyner.home", "."), "..", "shared", "data");
            List<Document> weak = ReviewSimulation.weakLabels(docs, new org.companyner.label.SourceCatalog(root.normalize(), false)
                    .build(names));
            ReviewSimulation.writeJsonl(weak, out);
            spec.commandLine().getOut().println(ReviewSimulation.summary(docs, weak));
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    @Command(name = "simulate", mixinStandardHelpOptions = true,
            description = "The simulated reviewer: training sets where the top-k queued (and, separately, k random) "
                    + "sentences take the gold labels, the rest keep the queue's labels.")
    static final class Simulate implements Callable<Integer> {
        @Option(names = "--queue", required = true, paramLabel = "QUEUE") Path queue;
        @Option(names = "--gold", required = true, paramLabel = "FILE", description = "Gold labels of the same sentences, same order.") Path gold;
        @Option(names = "--format", required = true, paramLabel = "FORMAT") String format;
        @Option(names = "--label", required = true, paramLabel = "LABEL") String label;
        @Option(names = "--k", required = true, split = ",", paramLabel = "K,K", description = "Numbers of reviewed sentences.") List<Integer> ks;
        @Option(names = "--seed", defaultValue = "42", paramLabel = "N", description = "Seed of the random choice (default: ${DEFAULT-VALUE}).") long seed;
        @Option(names = "--out-dir", required = true, paramLabel = "DIR", description = "Writes ranked-K.jsonl and random-K.jsonl here.") Path outDir;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            if (!Files.isDirectory(outDir)) {
                throw new UserError("--out-dir " + outDir + " is not a directory");
            }
            QueueFile.Queue q = QueueFile.read(queue);
            List<Document> goldDocs = DataReader.read(gold, Format.parse(format), LabelMap.parse(label));
            var w = spec.commandLine().getOut();
            for (int k : ks) {
                if (k < 1) {
                    throw new UserError("--k values must be at least 1, got " + k);
                }
                for (boolean ranked : new boolean[] {true, false}) {
                    ReviewSimulation.TrainingSet set = ReviewSimulation.trainingSet(q, goldDocs, k, ranked, seed);
                    Path file = outDir.resolve((ranked ? "ranked-" : "random-") + k + ".jsonl");
                    ReviewSimulation.writeJsonl(set.documents(), file);
                    w.printf(Locale.ROOT, "%s: %,d sentences reviewed, %,d changed%n", file, set.reviewed(), set.changed());
                }
            }
            w.flush();
            return 0;
        }
    }

    @Command(name = "plot", mixinStandardHelpOptions = true,
            description = "Plots the simulation's results TSV (columns arm, k, f1): dev F1 against k, ranked vs random.")
    static final class Plot implements Callable<Integer> {
        @Option(names = "--tsv", required = true, paramLabel = "FILE") Path tsv;
        @Option(names = "--out", required = true, paramLabel = "PNG") Path out;

        @Override
        public Integer call() throws IOException {
            OutputFiles.checkWritable(out, "--out");
            ReviewSimulation.plot(tsv, out);
            return 0;
        }
    }

    /** Fails with one line when {@code host:port} cannot be bound (Javalin 6 loses Jetty's BindException). */
    static void checkPortFree(String host, int port) {
        if (port == 0) {
            return;
        }
        try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new java.net.InetSocketAddress(host, port));
        } catch (java.net.BindException e) {
            throw new UserError(String.valueOf(e.getMessage()).contains("in use")
                    ? "port " + port + " is already in use on " + host + "; stop the other server or choose another --port"
                    : "cannot listen on " + host + ":" + port + " (" + e.getMessage() + "); check --host and --port");
        } catch (IOException e) {
            // left to the server to report
        }
    }

}
