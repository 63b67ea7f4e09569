package org.companyner.train;

import java.nio.file.Path;
import org.companyner.UserError;

/**
 * Everything one training run needs; written into the model card so a run can be repeated.
 *
 * @param arch          model preset name
 * @param train         training data file
 * @param format        its format name
 * @param label         dataset label(s) that count as COMPANY
 * @param dev           optional separate dev file (same format); null = carve {@code devFraction} out of train
 * @param devFraction   share of the training data held out for early stopping
 * @param out           output model directory
 * @param maxSteps      step budget (the LR schedule decays to 0 here)
 * @param batchSize     sentences per batch
 * @param lr            encoder learning rate
 * @param headLr        emission head + CRF learning rate
 * @param warmup        linear warm-up steps
 * @param weightDecay   AdamW decoupled weight decay
 * @param clip          global gradient-norm clip
 * @param evalEvery     steps between dev evaluations
 * @param patience      evaluations without dev-F1 gain before stopping early
 * @param seed          data order, dev split and initialisation seed
 * @param maxLen        window length (≤ preset positions)
 * @param bigrams       use char-bigram embeddings
 * @param maxBigrams    bigram vocabulary cap
 * @param limit         use only the first N training sentences (0 = all); for learning curves and tests
 * @param half          store the final parameters as float16
 * @param resume        continue the run found in {@code out}
 * @param overwrite     discard an interrupted run found in {@code out} (a new run refuses to otherwise)
 * @param lexicon       gazetteer folder for lexicon features (null = none)
 * @param lexiconDropout share of training windows whose lexicon features are hidden, so the model also
 *                      learns names the list lacks (0 = never)
 * @param init          pretrained encoder directory ({@code pretrain}'s {@code encoder/}) to start from, with
 *                      its vocabulary (null = random initialisation)
 */
public record TrainConfig(String arch, Path train, String format, String label, Path dev, double devFraction,
                          Path out, int maxSteps, int batchSize, float lr, float headLr, int warmup,
                          float weightDecay, float clip, int evalEvery, int patience, long seed, int maxLen,
                          boolean bigrams, int maxBigrams, int limit, boolean half, boolean resume, boolean overwrite,
                          Path lexicon, float lexiconDropout, Path init) {
    /** Checks the values a user gives on the command line; messages name the {@code train} option to fix. */
    public TrainConfig {
        if (lexiconDropout < 0 || lexiconDropout >= 1) {
            throw new UserError("--lexicon-dropout must be in [0, 1), got " + lexiconDropout);
        }
        positive("--steps", maxSteps);
        positive("--batch", batchSize);
        positive("--eval-every", evalEvery);
        positive("--patience", patience);
        if (maxLen < 8) {
            throw new UserError("--max-len must be at least 8, got " + maxLen);
        }
        if (devFraction <= 0 || devFraction >= 0.5) {
            throw new UserError("--dev-fraction must be in (0, 0.5), got " + devFraction);
        }
    }

    private static void positive(String option, int value) {
        if (value <= 0) {
            throw new UserError(option + " must be at least 1, got " + value);
        }
    }
}
