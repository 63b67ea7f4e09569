package org.companyner.train.loop;

import java.nio.file.Path;
import java.util.List;

/**
 * How {@link TrainingLoop} runs an {@link Objective}.
 *
 * @param out             run directory: checkpoints, log and curve are written here
 * @param task            progress-bar name and curve title
 * @param maxSteps        step budget; the learning rate decays to 0 here
 * @param warmup          linear warm-up steps
 * @param lr              peak learning rate of the body
 * @param headLr          peak learning rate of the head (equal to {@code lr} where there is no separate head)
 * @param clip            global gradient-norm clip
 * @param seed            seeds each step's {@link java.util.Random} (with the step)
 * @param logEvery        steps between log rows (and {@link Objective#evaluate} calls)
 * @param checkpointEvery steps between checkpoints
 * @param logFile         JSON-lines log file name in {@code out}
 * @param curveFile       PNG curve file name in {@code out}
 * @param curveKeys       log fields the curve plots
 * @param runFiles        files of {@code out} every checkpoint depends on (vocabularies), fingerprinted
 * @param stopAt          behave as if stopped by a signal once this many steps are done (tests of resume)
 */
public record LoopSettings(Path out, String task, long maxSteps, int warmup, float lr, float headLr, float clip,
                           long seed, int logEvery, int checkpointEvery, String logFile, String curveFile,
                           List<String> curveKeys, List<String> runFiles, long stopAt) {
    public LoopSettings {
        if (maxSteps < 1 || logEvery < 1 || checkpointEvery < 1 || warmup < 0) {
            throw new IllegalArgumentException("steps, log and checkpoint intervals must be positive");
        }
        curveKeys = List.copyOf(curveKeys);
        runFiles = List.copyOf(runFiles);
    }

    /** These settings stopping after {@code step} steps as if signalled. */
    public LoopSettings stoppingAt(long step) {
        return new LoopSettings(out, task, maxSteps, warmup, lr, headLr, clip, seed, logEvery, checkpointEvery,
                logFile, curveFile, curveKeys, runFiles, step);
    }
}
