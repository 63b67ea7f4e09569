package org.companyner.train.loop;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.ObjectMapper;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.companyner.UserError;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * The one training loop: every run — fine-tuning a tagger, any pretraining objective — is this loop
 * around an {@link Objective}. It owns what runs share: the step loop over epochs and batches, linear
 * warm-up and decay ({@link Schedule}), global-norm clipping and AdamW, a clean stop on a signal
 * ({@link StopSignal}), a progress bar with ETA, the JSON-lines log and its PNG curve, atomic
 * checkpoints ({@link Checkpoints}: the newest two kept) and an exact resume — the same step, batch
 * position and random draws (each step's {@link Random} is seeded by the run's seed and the step).
 */
public final class TrainingLoop {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Where a run stands; written with every checkpoint. */
    public record State(long step, int epoch, int batchInEpoch, double elapsedSeconds, Map<String, Object> objective)
            implements Checkpoints.RunState {
        public State {
            objective = objective == null ? Map.of() : new LinkedHashMap<>(objective);
        }
    }

    private final LoopSettings settings;
    private final PrintStream console;

    public TrainingLoop(LoopSettings settings, PrintStream console) {
        this.settings = settings;
        this.console = console;
    }

    /**
     * Opens the run directory: the checkpoint to resume from when {@code resume}, nothing for a new run
     * (which refuses to discard an interrupted run unless {@code overwrite}; see {@link Checkpoints#begin}).
     */
    public Optional<Checkpoints.Restored<State>> begin(boolean resume, boolean overwrite) throws IOException {
        Files.createDirectories(settings.out());
        return Checkpoints.begin(settings.out(), resume, overwrite, State.class, console);
    }

    /**
     * Runs {@code objective} to the step budget, an early stop or a signal, from {@code resumeFrom} (a
     * checkpoint from {@link #begin}) or from step 0.
     *
     * @return the state at the end
     * @throws UserError when stopped by a signal (after writing a checkpoint to resume from)
     */
    public State run(Objective objective, Optional<Checkpoints.Restored<State>> resumeFrom) throws IOException {
        State state = new State(0, 0, 0, 0, objective.state());
        if (resumeFrom.isPresent()) {
            Checkpoints.Restored<State> last = resumeFrom.get();
            objective.restore(last.dir());
            objective.optimizer().load(last.dir().resolve(AdamW.FILE));
            state = last.state();
            objective.restoreState(state.objective());
            Checkpoints.trimLog(settings.out().resolve(settings.logFile()), state.step());
            console.printf("resumed at step %d (epoch %d, batch %d)%n", state.step(), state.epoch(), state.batchInEpoch());
        } else {
            Files.deleteIfExists(settings.out().resolve(settings.logFile()));
        }
        return loop(objective, state);
    }

    private State loop(Objective objective, State state) throws IOException {
        double elapsedBefore = state.elapsedSeconds();
        Instant loopStart = Instant.now();
        long step = state.step();
        int epoch = state.epoch();
        int batchIndex = state.batchInEpoch();
        boolean stopped;
        try (StopSignal stop = new StopSignal();
             ProgressBar bar = new ProgressBarBuilder().setTaskName(settings.task()).setInitialMax(settings.maxSteps())
                     .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(1000).continuousUpdate()
                     .setConsumer(new ConsoleProgressBarConsumer(console)).startsFrom(step, Duration.ZERO).build()) {
            while (step < settings.maxSteps() && !stop.requested()) {
                if (batchIndex >= objective.batches(epoch)) {
                    epoch++;
                    batchIndex = 0;
                    if (objective.batches(epoch) < 1) {
                        throw new UserError("no training batches in epoch " + epoch);
                    }
                }
                step(objective, epoch, batchIndex, step);
                batchIndex++;
                step++;
                if (step >= settings.stopAt()) {
                    stop.request();
                }
                double session = Duration.between(loopStart, Instant.now()).toMillis() / 1000.0;
                bar.stepTo(step);
                bar.setExtraMessage(objective.progress(session));
                boolean last = step >= settings.maxSteps();
                boolean early = false;
                if (step % settings.logEvery() == 0 || last) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("step", step);
                    row.put("epoch", epoch);
                    row.put("lr", learningRate(step, settings.lr()));
                    objective.drainInto(row);
                    early = objective.evaluate(step, row);
                    row.put("elapsed_s", Math.round((elapsedBefore + session) * 10) / 10.0);
                    log(row);
                }
                if (step % settings.checkpointEvery() == 0 || last || early) {
                    state = new State(step, epoch, batchIndex, elapsedBefore + session, objective.state());
                    checkpoint(objective, state);
                }
                if (early) {
                    console.printf("%nearly stop at step %d%n", step);
                    break;
                }
            }
            stopped = stop.requested();
            if (stopped) {
                double elapsed = elapsedBefore + Duration.between(loopStart, Instant.now()).toMillis() / 1000.0;
                state = new State(step, epoch, batchIndex, elapsed, objective.state());
                checkpoint(objective, state);
                console.printf("%nstopped at step %d; checkpoint written, continue with --resume%n", step);
            }
        }
        if (stopped) {
            throw new UserError(settings.task() + " interrupted at step " + step + "; continue with --resume");
        }
        return state;
    }

    float learningRate(long step, float peak) {
        return Schedule.warmupLinearDecay(step, peak, settings.warmup(), settings.maxSteps());
    }

    /** One optimisation step: the objective's loss, backward, global-norm clip, AdamW at the scheduled rates. */
    private void step(Objective objective, int epoch, int index, long step) {
        Random random = new Random(settings.seed() * 1_000_003L + step);
        try (NDManager m = objective.manager().newSubManager()) {
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.zeroGradients();
                NDArray loss = objective.loss(m, new ParameterStore(m, false), epoch, index, step, random);
                if (loss == null) {
                    return; // skip the update; the next step starts from clean gradients
                }
                gc.backward(loss);
            }
            double norm = objective.optimizer().clipGlobalNorm(settings.clip());
            if (Double.isFinite(norm)) {
                objective.optimizer().step(learningRate(step, settings.lr()), learningRate(step, settings.headLr()));
            }
        }
    }

    private void log(Map<String, Object> row) throws IOException {
        try (Writer w = Files.newBufferedWriter(settings.out().resolve(settings.logFile()), StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            w.write(JSON.writeValueAsString(row));
            w.write('\n');
        }
    }

    /** Writes the objective's arrays and the optimiser into a new checkpoint folder, commits it, redraws the curve. */
    private void checkpoint(Objective objective, State state) throws IOException {
        var dir = Checkpoints.folder(settings.out(), state.step());
        objective.save(dir);
        objective.optimizer().save(dir.resolve(AdamW.FILE));
        Checkpoints.commit(settings.out(), dir, state, settings.runFiles());
        plot();
        objective.checkpointed(state.step(), state.elapsedSeconds());
    }

    /** Redraws the PNG curve from the log. */
    public void plot() throws IOException {
        LearningCurve.plot(settings.out().resolve(settings.logFile()), settings.out().resolve(settings.curveFile()),
                settings.task(), settings.curveKeys());
    }
}
