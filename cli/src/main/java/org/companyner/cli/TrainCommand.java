package org.companyner.cli;

import org.companyner.UserError;
import org.companyner.train.TrainConfig;
import org.companyner.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code train}: fine-tunes an encoder + CRF on labelled data, with early stopping and resumable checkpoints. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Trains a company-name tagger and writes a model directory",
                "(model.json, vocab.txt, bigrams.txt, params.ndl, train-log.jsonl, learning-curve.png)."})
final class TrainCommand implements Callable<Integer> {
    @Option(names = "--arch", defaultValue = "electra-small",
            description = "Model preset: electra-small, albert-small, bert-base, bert-bilstm-crf, student, bilstm, tiny (default ${DEFAULT-VALUE}).")
    String arch;
    @Option(names = "--data", required = true, paramLabel = "FILE", description = "Training data.")
    Path data;
    @Option(names = "--format", defaultValue = "cluener", description = "Data format (default ${DEFAULT-VALUE}).")
    String format;
    @Option(names = "--label", defaultValue = "company", description = "Label(s) meaning company (default ${DEFAULT-VALUE}).")
    String label;
    @Option(names = "--dev", paramLabel = "FILE", description = "Separate dev file; default: carve --dev-fraction out of the training data. Never the test set.")
    Path dev;
    @Option(names = "--dev-fraction", defaultValue = "0.1", description = "Default ${DEFAULT-VALUE}.")
    double devFraction;
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output model directory.")
    Path out;
    @Option(names = "--steps", defaultValue = "6000", description = "Step budget (default ${DEFAULT-VALUE}).")
    int steps;
    @Option(names = "--batch", defaultValue = "32", description = "Batch size (default ${DEFAULT-VALUE}).")
    int batch;
    @Option(names = "--lr", defaultValue = "5e-4", description = "Encoder learning rate (default ${DEFAULT-VALUE}).")
    float lr;
    @Option(names = "--head-lr", defaultValue = "5e-3", description = "Head and CRF learning rate (default ${DEFAULT-VALUE}).")
    float headLr;
    @Option(names = "--warmup", defaultValue = "300", description = "Warm-up steps (default ${DEFAULT-VALUE}).")
    int warmup;
    @Option(names = "--weight-decay", defaultValue = "0.01", description = "Default ${DEFAULT-VALUE}.")
    float weightDecay;
    @Option(names = "--clip", defaultValue = "1.0", description = "Global gradient-norm clip (default ${DEFAULT-VALUE}).")
    float clip;
    @Option(names = "--eval-every", defaultValue = "200", description = "Steps between dev evaluations (default ${DEFAULT-VALUE}).")
    int evalEvery;
    @Option(names = "--patience", defaultValue = "6", description = "Evaluations without dev gain before early stop (default ${DEFAULT-VALUE}).")
    int patience;
    @Option(names = "--seed", defaultValue = "42", description = "Default ${DEFAULT-VALUE}.")
    long seed;
    @Option(names = "--max-len", defaultValue = "128", description = "Window length (default ${DEFAULT-VALUE}).")
    int maxLen;
    @Option(names = "--no-bigrams", description = "Characters only, no bigram embeddings.")
    boolean noBigrams;
    @Option(names = "--max-bigrams", defaultValue = "30000", description = "Bigram vocabulary cap (default ${DEFAULT-VALUE}).")
    int maxBigrams;
    @Option(names = "--limit", defaultValue = "0", description = "Use only the first N sentences (0 = all).")
    int limit;
    @Option(names = "--fp16", description = "Store the final parameters as float16 (half the size).")
    boolean half;
    @Option(names = "--resume", description = {"Continue the run in --out from its newest intact checkpoint",
            "(the previous one when the newest is damaged; two are kept)."})
    boolean resume;
    @Option(names = "--overwrite", description = "Discard an interrupted run in --out and start a new one (without it, train refuses).")
    boolean overwrite;
    @Option(names = "--lexicon", paramLabel = "DIR",
            description = "Gazetteer folder (e.g. ../shared/data/gazetteers): add company-name match features; the compiled list is saved in the model.")
    Path lexicon;
    @Option(names = "--lexicon-dropout", defaultValue = "0", paramLabel = "P",
            description = "Hide the lexicon features of this share of training windows (default ${DEFAULT-VALUE}).")
    float lexiconDropout;
    @Option(names = "--init", paramLabel = "DIR",
            description = "Start from a pretrained encoder (a `pretrain` run's encoder/ folder; same --arch) and use its vocabulary.")
    Path init;

    @Override
    public Integer call() throws Exception {
        TrainConfig cfg;
        try {
            cfg = new TrainConfig(arch, data, format, label, dev, devFraction, out, steps, batch, lr, headLr,
                    warmup, weightDecay, clip, evalEvery, patience, seed, maxLen, !noBigrams, maxBigrams, limit, half,
                    resume, overwrite, lexicon, lexiconDropout, init);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        new Trainer(cfg, System.err).run();
        return 0;
    }
}
