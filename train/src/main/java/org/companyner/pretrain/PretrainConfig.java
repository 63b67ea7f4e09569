package org.companyner.pretrain;

import java.nio.file.Path;
import java.util.List;

/**
 * One pretraining run; saved in the run directory so {@code --resume} continues with the same settings.
 *
 * @param objective       {@code electra} (replaced-token detection) {@code albert} (MLM + sentence order) or {@code bilm}
 *                        (BiLSTM next/previous-character language model)
 * @param arch            preset of the encoder fine-tuning starts from (ELECTRA's discriminator); null: the
 *                        objective's default ({@link #defaultArch})
 * @param corpus          raw text files: one paragraph a line, blank line between documents
 * @param out             run directory (checkpoints, log, plots, and the encoder in {@code encoder/})
 * @param maxSteps        step budget; the learning rate decays linearly to 0 here
 * @param batchSize       sequences per step
 * @param lr              peak learning rate
 * @param warmup          linear warm-up steps
 * @param weightDecay     AdamW decoupled weight decay
 * @param clip            global gradient-norm clip
 * @param maskRate        share of characters the MLM (ELECTRA's generator) must restore
 * @param rtdWeight       λ: weight of the discriminator loss against the generator's MLM loss (electra only)
 * @param generatorDivisor generator hidden size = discriminator hidden / this (ELECTRA: 4; electra only)
 * @param maxLen          packed sequence length (albert: both segments and the separator)
 * @param minCount        corpus frequency a character needs to enter the vocabulary
 * @param checkpointEvery steps between checkpoints (a kill loses at most this many)
 * @param logEvery        steps between log rows
 * @param seed            data order, masking and sampling seed
 */
public record PretrainConfig(String objective, String arch, List<Path> corpus, Path out, int maxSteps, int batchSize,
                             float lr, int warmup, float weightDecay, float clip, double maskRate, float rtdWeight,
                             int generatorDivisor, int maxLen, int minCount, int checkpointEvery, int logEvery,
                             long seed) {
    /** The known objectives. */
    public static final List<String> OBJECTIVES = List.of("electra", "albert", "bilm");

    public PretrainConfig {
        if (!OBJECTIVES.contains(objective)) {
            throw new IllegalArgumentException("unknown objective '" + objective + "' (known: "
                    + String.join(", ", OBJECTIVES) + ")");
        }
        if (arch == null || arch.isBlank()) {
            arch = defaultArch(objective);
        }
        if (corpus == null || corpus.isEmpty()) {
            throw new IllegalArgumentException("no corpus file given");
        }
        corpus = List.copyOf(corpus);
        if (maxSteps <= 0 || batchSize <= 0 || checkpointEvery <= 0 || logEvery <= 0 || maxLen < 8
                || generatorDivisor <= 0 || minCount <= 0) {
            throw new IllegalArgumentException("steps, batch, intervals, lengths and divisors must be positive");
        }
        if (maskRate <= 0 || maskRate >= 1) {
            throw new IllegalArgumentException("mask rate must be in (0, 1)");
        }
    }

    /** The encoder preset {@code objective} pretrains when none is named: electra → student, albert → albert-small, bilm → bilstm. */
    public static String defaultArch(String objective) {
        return switch (objective) {
            case "electra" -> "student";
            case "albert" -> "albert-small";
            case "bilm" -> "bilstm";
            default -> throw new IllegalArgumentException("unknown objective '" + objective + "'");
        };
    }
}
