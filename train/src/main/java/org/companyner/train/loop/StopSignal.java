package org.companyner.train.loop;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A clean stop for a training loop: a shutdown hook (SIGTERM, Ctrl-C) sets a flag the loop checks
 * between steps, and holds the JVM until the loop has written its checkpoint and closed this signal.
 * Stopping in the middle of a DJL step crashed the JVM (STACK.md), hence the hand-over.
 */
public final class StopSignal implements AutoCloseable {
    private final AtomicBoolean requested = new AtomicBoolean();
    private final AtomicBoolean signalled = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook = new Thread(() -> {
        signalled.set(true);
        requested.set(true);
        try {
            finished.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    });

    public StopSignal() {
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Whether the loop should stop after the current step. */
    public boolean requested() {
        return requested.get();
    }

    /** Asks for a stop as a signal would (a test hook, or a loop's own limit). */
    public void request() {
        requested.set(true);
    }

    /** Lets a waiting shutdown go on, or unregisters the hook when no signal came. */
    @Override
    public void close() {
        finished.countDown();
        if (!signalled.get()) {
            Runtime.getRuntime().removeShutdownHook(hook);
        }
    }
}
