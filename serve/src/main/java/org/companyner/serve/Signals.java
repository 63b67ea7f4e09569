package org.companyner.serve;

import sun.misc.Signal;

/**
 * SIGTERM and SIGINT as plain events. The JVM's default turns them into a shutdown with exit status
 * 143/130 and runs hooks concurrently with the still-running server; a service that drains should
 * stop on its own thread and exit 0. {@code sun.misc.Signal} (module jdk.unsupported) is the only
 * way to do this in Java 17.
 */
final class Signals {
    private Signals() {
    }

    /** Runs {@code action} on SIGTERM or SIGINT; false when the JVM keeps the signals (e.g. under {@code -Xrs}). */
    static boolean onStop(Runnable action) {
        try {
            Signal.handle(new Signal("TERM"), s -> action.run());
            Signal.handle(new Signal("INT"), s -> action.run());
            return true;
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            return false;
        }
    }
}
