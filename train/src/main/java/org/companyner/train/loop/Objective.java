package org.companyner.train.loop;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

/**
 * Everything that differs between training runs, behind the one {@link TrainingLoop}: the networks
 * and their optimiser, how an epoch is cut into batches, the loss of one batch, what is logged, what
 * happens at a log point (a tagging objective scores its dev set there and may stop early), and the
 * objective's own part of a checkpoint. Implementations: the tagging objective (CRF loss on gold,
 * partial or weighted labels) and the three pretraining objectives (ELECTRA, ALBERT, BiLM).
 */
public interface Objective extends AutoCloseable {
    /** The manager each step's arrays are made under (a sub-manager per step). */
    NDManager manager();

    AdamW optimizer();

    /** Number of batches in {@code epoch} (at least 1); the cut must be a function of the seed and the epoch. */
    int batches(int epoch);

    /**
     * The loss of batch {@code index} of {@code epoch}, built under autograd in {@code m}; also adds the
     * batch's metrics to the running sums. Null when the loss is not finite: the step is skipped.
     *
     * @param random seeded by the run's seed and {@code step}: the same draws after a resume
     */
    NDArray loss(NDManager m, ParameterStore ps, int epoch, int index, long step, Random random);

    /** Progress-bar text; {@code seconds} is the time spent in this session. */
    String progress(double seconds);

    /** Moves the running metrics into a log row (in a fixed order) and starts new sums. */
    void drainInto(Map<String, Object> row);

    /**
     * Called at every log point after {@link #drainInto}: may add fields to the row (e.g. dev scores).
     *
     * @return true to stop early (a checkpoint is written first)
     */
    default boolean evaluate(long step, Map<String, Object> row) throws IOException {
        return false;
    }

    /** The objective's own resumable state (plain numbers), recorded with each checkpoint. */
    Map<String, Object> state();

    /** Takes back what {@link #state} gave when a run resumes. */
    void restoreState(Map<String, Object> state);

    /** Writes every trained array except the optimiser's into a checkpoint folder. */
    void save(Path dir) throws IOException;

    /** Reads what {@link #save} wrote. */
    void restore(Path dir) throws IOException;

    /** Called once a checkpoint is committed (pretraining refreshes its {@code encoder/} there). */
    default void checkpointed(long step, double elapsedSeconds) throws IOException {
    }

    @Override
    void close();
}
