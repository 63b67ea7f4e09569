package org.companyner.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.companyner.UserError;
import org.companyner.pretrain.PretrainConfig;
import org.companyner.pretrain.Pretrainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code pretrain}: domain pretraining of an encoder on raw text, for {@code train --init}. */
@Command(name = "pretrain", mixinStandardHelpOptions = true,
        description = {"Pretrains an encoder on raw text (one paragraph a line, blank line between documents)",
                "and writes it to OUT/encoder (params.ndl, vocab.txt, encoder.json) for `train --init OUT/encoder`.",
                "Checkpoints every --checkpoint-every steps; --resume continues a stopped run with its saved settings."})
final class PretrainCommand implements Callable<Integer> {
    private static final String SAVED = "pretrain-config.json";

    @Option(names = "--objective", defaultValue = "electra",
            description = {"electra: generator MLM + discriminator replaced-token detection;",
                    "albert: MLM + sentence-order prediction on consecutive segment pairs;",
                    "bilm: the BiLSTM's halves predict the next / previous character (default ${DEFAULT-VALUE})."})
    String objective;
    @Option(names = "--arch", description = "Preset of the encoder to pretrain (default: student for electra, albert-small for albert, bilstm for bilm).")
    String arch;
    @Option(names = "--corpus", split = ",", paramLabel = "FILE", description = "Raw text file(s), comma-separated.")
    List<Path> corpus;
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Run directory.")
    Path out;
    @Option(names = "--steps", defaultValue = "10000", description = "Step budget (default ${DEFAULT-VALUE}).")
    int steps;
    @Option(names = "--batch", defaultValue = "32", description = "Sequences a step (default ${DEFAULT-VALUE}).")
    int batch;
    @Option(names = "--lr", defaultValue = "5e-4", description = "Peak learning rate (default ${DEFAULT-VALUE}).")
    float lr;
    @Option(names = "--warmup", defaultValue = "500", description = "Warm-up steps (default ${DEFAULT-VALUE}).")
    int warmup;
    @Option(names = "--weight-decay", defaultValue = "0.01", description = "Default ${DEFAULT-VALUE}.")
    float weightDecay;
    @Option(names = "--clip", defaultValue = "1.0", description = "Global gradient-norm clip (default ${DEFAULT-VALUE}).")
    float clip;
    @Option(names = "--mask-rate", defaultValue = "0.15", description = "Share of characters masked (default ${DEFAULT-VALUE}).")
    double maskRate;
    @Option(names = "--rtd-weight", defaultValue = "50", description = "electra: λ, weight of the discriminator loss (default ${DEFAULT-VALUE}).")
    float rtdWeight;
    @Option(names = "--generator-divisor", defaultValue = "4", description = "electra: generator width = discriminator width / this (default ${DEFAULT-VALUE}).")
    int generatorDivisor;
    @Option(names = "--max-len", defaultValue = "128", description = "Sequence length (default ${DEFAULT-VALUE}).")
    int maxLen;
    @Option(names = "--min-count", defaultValue = "3", description = "Corpus count a character needs to enter the vocabulary (default ${DEFAULT-VALUE}).")
    int minCount;
    @Option(names = "--checkpoint-every", defaultValue = "250", description = "Default ${DEFAULT-VALUE}.")
    int checkpointEvery;
    @Option(names = "--log-every", defaultValue = "50", description = "Default ${DEFAULT-VALUE}.")
    int logEvery;
    @Option(names = "--seed", defaultValue = "42", description = "Default ${DEFAULT-VALUE}.")
    long seed;
    @Option(names = "--resume", description = {"Continue the run in --out with the settings it was started with, from its",
            "newest intact checkpoint (the previous one when the newest is damaged; two are kept)."})
    boolean resume;
    @Option(names = "--overwrite", description = "Discard an interrupted run in --out and start a new one (without it, pretrain refuses).")
    boolean overwrite;

    @Override
    public Integer call() throws IOException {
        Path saved = out.resolve(SAVED);
        PretrainConfig cfg;
        if (resume && Files.exists(saved)) {
            cfg = savedConfig(saved);
        } else {
            if (corpus == null || corpus.isEmpty()) {
                throw new UserError("--corpus is required for a new run");
            }
            try {
                cfg = new PretrainConfig(objective, arch, corpus, out, steps, batch, lr, warmup, weightDecay, clip,
                        maskRate, rtdWeight, generatorDivisor, maxLen, minCount, checkpointEvery, logEvery, seed);
            } catch (IllegalArgumentException e) {
                throw new UserError(e.getMessage());
            }
        }
        Pretrainer.of(cfg, System.err).run(resume, overwrite);
        return 0;
    }

    /** The settings a run was started with; a damaged file is named, not thrown at the user. */
    private static PretrainConfig savedConfig(Path saved) {
        try {
            if (Files.size(saved) == 0) {
                throw new UserError(saved + " is empty: the settings of the run to resume are lost");
            }
            return new ObjectMapper().readValue(saved.toFile(), PretrainConfig.class);
        } catch (JsonProcessingException e) {
            throw new UserError(saved + " is not a readable pretraining configuration (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw new UserError("cannot read " + saved + ": " + e.getMessage());
        }
    }
}
