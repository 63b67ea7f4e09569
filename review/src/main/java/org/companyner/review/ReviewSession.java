package org.companyner.review;

import java.io.IOException;
import java.util.List;

/**
 * A queue open for review: the state replayed from the decision log and the log held open (and locked) for new
 * decisions. Every decision is checked, written and forced to disk, then applied, under one lock: two tabs on one
 * queue are serialised, and a decision made on a revision another tab has since changed is refused (409).
 */
public final class ReviewSession implements AutoCloseable {
    private final DecisionLog log;
    private final ReviewState state;

    private ReviewSession(DecisionLog log, ReviewState state) {
        this.log = log;
        this.state = state;
    }

    /** Opens {@code queue} for review, resuming from its decision log. */
    public static ReviewSession open(QueueFile.Queue queue) {
        DecisionLog log = DecisionLog.open(queue);
        try {
            return new ReviewSession(log, DecisionLog.replay(queue));
        } catch (RuntimeException e) {
            log.close();
            throw e;
        }
    }

    /** What a decision did: {@code duplicate} when it was a retry of one already applied (nothing written). */
    public record Outcome(boolean duplicate, List<String> changed) {
    }

    /**
     * Checks, logs (forced to disk) and applies {@code d}.
     *
     * @throws ReviewException when the decision does not fit the queue or the sentence's revision; nothing is written
     */
    public synchronized Outcome decide(Decision d) throws IOException {
        if (d.client() != null && state.seen(d.client(), d.clientSeq())) {
            return new Outcome(true, List.of(d.item()));
        }
        state.check(d);
        log.append(d);
        state.apply(d);
        return new Outcome(false, List.of(d.item()));
    }

    /**
     * Applies the span {@code [start, end)} of sentence {@code from} (its surface form) to the other queued sentences
     * where it changes something: {@code add} marks every occurrence a company, {@code reject} removes the spans with
     * that text. One log line.
     */
    public synchronized Outcome propagate(String from, int start, int end, int revision, String mode, String client,
                                          long clientSeq) throws IOException {
        if (client != null && state.seen(client, clientSeq)) {
            return new Outcome(true, List.of());
        }
        QueueItem q = state.item(from);
        int length = q.text().codePointCount(0, q.text().length());
        if (start < 0 || end <= start || end > length) {
            throw new ReviewException(400, "span [" + start + ", " + end + ") is outside sentence '" + from + "' (" + length
                    + " code points)");
        }
        String surface = org.companyner.text.CodePoints.substring(q.text(), start, end);
        List<Decision.Target> targets = state.targets(from, surface, mode);
        Decision d = new Decision(from, Action.PROPAGATE, start, end, revision, client, clientSeq, mode, targets);
        state.check(d);
        log.append(d);
        state.apply(d);
        return new Outcome(false, targets.stream().map(Decision.Target::item).toList());
    }

    /** Runs {@code read} on the state under the session's lock. */
    public synchronized <T> T read(java.util.function.Function<ReviewState, T> read) {
        return read.apply(state);
    }

    @Override
    public synchronized void close() {
        log.close();
    }
}
