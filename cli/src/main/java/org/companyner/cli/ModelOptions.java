package org.companyner.cli;

import org.companyner.UserError;
import org.companyner.runtime.Ensemble;
import org.companyner.runtime.LoadedModel;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** The {@code --model} option shared by the commands that load a model. */
final class ModelOptions {
    @Option(names = "--model", paramLabel = "DIR",
            description = "Model directory (default: the shipped models/default).")
    Path model;

    @Option(names = "--batch-tokens", paramLabel = "N", defaultValue = "4096",
            description = "Characters per inference batch (default: ${DEFAULT-VALUE}).")
    int batchTokens;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "2",
            description = "Inference threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--names", paramLabel = "FILE",
            description = "Extra company names, one a line, added to the model's gazetteer (models trained with --lexicon).")
    Path names;

    Path resolve() {
        if (model != null) {
            return model;
        }
        String home = System.getProperty("companyner.home", ".");
        return Path.of(home, "models", "default");
    }

    /** The model these options name, after checking the numbers the user gave. */
    LoadedModel open() {
        atLeastOne("--threads", threads);
        atLeastOne("--batch-tokens", batchTokens);
        return LoadedModel.open(resolve(), batchTokens, threads, names);
    }

    /** The models in {@code dirs} as one {@link Ensemble}, with these options' batch and thread settings. */
    Ensemble openEnsemble(java.util.List<Path> dirs) {
        atLeastOne("--threads", threads);
        atLeastOne("--batch-tokens", batchTokens);
        if (names != null) {
            throw new UserError("--names applies to one model, not to an ensemble");
        }
        return Ensemble.open(dirs, batchTokens, threads);
    }

    static void atLeastOne(String option, int value) {
        if (value < 1) {
            throw new UserError(option + " must be at least 1, got " + value);
        }
    }
}
