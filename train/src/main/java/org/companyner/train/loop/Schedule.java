package org.companyner.train.loop;

/** The learning-rate schedule every run uses. */
public final class Schedule {
    private Schedule() {
    }

    /**
     * Linear warm-up over {@code warmup} steps to {@code peak}, then linear decay to 0 at {@code maxSteps}
     * (the BERT schedule, Devlin et al. 2019).
     */
    public static float warmupLinearDecay(long step, float peak, int warmup, long maxSteps) {
        if (step < warmup) {
            return peak * (step + 1) / warmup;
        }
        double rest = Math.max(1, maxSteps - warmup);
        return (float) (peak * Math.max(0.0, 1.0 - (step - warmup) / rest));
    }
}
