package org.companyner.cli;

import org.companyner.UserError;
import org.companyner.train.TrainConfig;
import org.companyner.train.Stages;
import org.companyner.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code train}: fine-tunes an encoder + CRF on labelled data, with early stopping and resumable checkpoints. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Trains a company-name tagger and writes a model directory",
                "(model.json, vocab.txt, bigrams.txt, params.ndl, train-log.jsonl, learning-curve.png)."})
class TrainCommand implements Callable<Integer> {
    @Option(names = "--arch", defaultValue = "electra-small",
            description = "Model preset: electra-small, albert-small, bert-base, bert-bilstm-crf, student, bilstm, tiny (default ${DEFAULT-VALUE}).")
    String arch;
    @Option(names = "--config", paramLabel = "FILE",
            description = {"Repeat a run: take every setting from a model card (runs/x/model.json) or a configuration file;",
                    "options given as well override it (typically --out)."})
    Path config;
    @Option(names = "--stages", paramLabel = "RECIPE",
            description = {"Multi-stage training: a JSON recipe {\"stages\": [{\"name\": ..., \"train\": ..., ...}, ...]}; each stage",
                    "continues the previous one's model in --out/stage-N-NAME; the options here are the base. --resume continues."})
    Path stages;
    @Option(names = "--data", paramLabel = "FILE", description = "Training data (required without --config or --stages).")
    Path data;
    @Option(names = "--format", defaultValue = "cluener", description = "Data format (default ${DEFAULT-VALUE}).")
    String format;
    @Option(names = "--label", defaultValue = "company", description = "Label(s) meaning company (default ${DEFAULT-VALUE}).")
    String label;
    @Option(names = "--dev", paramLabel = "FILE", description = "Separate dev file; default: carve --dev-fraction out of the training data. Never the test set.")
    Path dev;
    @Option(names = "--dev-fraction", defaultValue = "0.1", description = "Default ${DEFAULT-VALUE}.")
    double devFraction;
    @Option(names = "--out", paramLabel = "DIR", description = "Output model directory (required without --config).")
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
    @Option(names = "--soft-weight", defaultValue = "0", paramLabel = "W",
            description = {"Distillation: weight of KL(teacher marginals ‖ model marginals) per position for training",
                    "documents that carry a teacher's marginals (JSONL from `bulk --marginals`); default ${DEFAULT-VALUE}."})
    float softWeight;
    @Option(names = "--char-dropout", defaultValue = "0", paramLabel = "P",
            description = "Input noise: replace this share of training characters by the unknown character (default ${DEFAULT-VALUE}).")
    float charDropout;
    @Option(names = "--teacher-unknown-below", defaultValue = "0", paramLabel = "P",
            description = "Leave positions unknown in the hard loss where the teacher's top marginal is below P (default ${DEFAULT-VALUE}).")
    float teacherUnknownBelow;
    @Option(names = "--init", paramLabel = "DIR",
            description = "Start from a pretrained encoder (a `pretrain` run's encoder/ folder; same --arch) and use its vocabulary.")
    Path init;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (stages != null && (out == null || config != null)) {
            throw new UserError("train --stages needs --out (and no --config)");
        }
        if (stages == null && config == null && (data == null || out == null)) {
            throw new UserError("train needs --data and --out (or --config with a model card to repeat)");
        }
        TrainConfig cfg = configuration(data != null ? data : stages);
        if (stages != null) {
            Stages.run(Stages.read(stages, cfg, out), resume, System.err);
            return 0;
        }
        if (config != null && !given("--out") && !resume) {
            throw new UserError("--config repeats the run in " + cfg.out() + "; give --out for the new run (or --resume to continue that one)");
        }
        new Trainer(cfg, System.err).run(resume, overwrite);
        return 0;
    }

    /**
     * The run configuration these options describe: {@code --config}'s, overridden by the options given, or
     * every option (defaults included) with {@code train} as the data when there is no {@code --data}.
     */
    TrainConfig configuration(Path train) {
        // with --stages the options are the base every stage starts from; the recipe names each stage's data
        TrainConfig.Builder b = config != null ? TrainConfig.read(config).toBuilder()
                : TrainConfig.builder(arch, train, out);
        // without --config every option applies (defaults included); with it, only those given override
        if (given("--arch")) b.arch(arch);
        if (given("--data") && data != null) b.train(data); // null only with --stages
        if (given("--out")) b.out(out);
        if (given("--format")) b.format(format);
        if (given("--label")) b.label(label);
        if (given("--dev")) b.dev(dev);
        if (given("--dev-fraction")) b.devFraction(devFraction);
        if (given("--steps")) b.steps(steps);
        if (given("--batch")) b.batch(batch);
        if (given("--lr")) b.lr(lr);
        if (given("--head-lr")) b.headLr(headLr);
        if (given("--warmup")) b.warmup(warmup);
        if (given("--weight-decay")) b.weightDecay(weightDecay);
        if (given("--clip")) b.clip(clip);
        if (given("--eval-every")) b.evalEvery(evalEvery);
        if (given("--patience")) b.patience(patience);
        if (given("--seed")) b.seed(seed);
        if (given("--max-len")) b.maxLen(maxLen);
        if (given("--no-bigrams")) b.bigrams(!noBigrams);
        if (given("--max-bigrams")) b.maxBigrams(maxBigrams);
        if (given("--limit")) b.limit(limit);
        if (given("--fp16")) b.half(half);
        if (given("--lexicon")) b.lexicon(lexicon);
        if (given("--lexicon-dropout")) b.lexiconDropout(lexiconDropout);
        if (given("--init")) b.init(init);
        if (given("--soft-weight")) b.softWeight(softWeight);
        if (given("--char-dropout")) b.charDropout(charDropout);
        if (given("--teacher-unknown-below")) b.teacherUnknownBelow(teacherUnknownBelow);
        return b.build();
    }

    boolean given(String option) {
        return config == null || spec.commandLine().getParseResult().hasMatchedOption(option);
    }
}
