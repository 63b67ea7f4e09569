package org.companyner.train.loop;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Running metrics between two log rows: each a ratio of sums (a mean loss is the sum of step losses
 * over the number of steps; an accuracy is right over scored), reported in the order they were named
 * and reset when drained into a row.
 */
public final class Metrics {
    private final Map<String, double[]> sums = new LinkedHashMap<>();

    /** Metrics with these names, in log-row order. */
    public Metrics(String... names) {
        for (String n : names) {
            sums.put(n, new double[2]);
        }
    }

    /** Adds {@code part} to the numerator and {@code whole} to the denominator of {@code name}. */
    public void add(String name, double part, double whole) {
        double[] s = sums.get(name);
        if (s == null) {
            throw new IllegalArgumentException("unknown metric " + name);
        }
        s[0] += part;
        s[1] += whole;
    }

    /** One more value of a metric reported as a mean. */
    public void mean(String name, double value) {
        add(name, value, 1);
    }

    /** The current value of {@code name} (0 before anything was added). */
    public double value(String name) {
        double[] s = sums.get(name);
        return s[1] == 0 ? 0 : s[0] / s[1];
    }

    /** Puts every metric into {@code row} (null where nothing was added) and starts new sums. */
    public void drainInto(Map<String, Object> row) {
        for (Map.Entry<String, double[]> e : sums.entrySet()) {
            double[] s = e.getValue();
            row.put(e.getKey(), s[1] == 0 ? null : s[0] / s[1]);
            s[0] = 0;
            s[1] = 0;
        }
    }
}
