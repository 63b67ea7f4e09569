package org.companyner.runtime;

import org.companyner.UserError;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A model's load-time self-check: fixed probe windows and the emissions its graph gave for them when it
 * was exported, stored in the model card. Loading the model recomputes them with the runtime at hand;
 * a model whose graph computes something else on this CPU (a kernel that differs between hosts, a
 * corrupt runtime) is refused with a clear message instead of tagging quietly wrong.
 *
 * <p>The probe is two windows of different lengths run as one batch, so padding and per-row
 * sequence lengths are exercised too.
 *
 * @param windows   the probe's model inputs (the model's own ids for {@link #TEXTS})
 * @param emissions the emissions computed at export, {@code [window][position][tag]}
 * @param tolerance largest accepted absolute difference of any emission
 */
public record SelfCheck(List<Features> windows, List<float[][]> emissions, double tolerance) {
    /** Probe sentences: a legal name, a list of short brand names, Latin letters and digits. */
    public static final List<String> TEXTS = List.of(
            "华星科技股份有限公司今日发布公告称，公司与腾讯控股在深圳签署战略合作协议，股价上涨3.5%。",
            "苹果、微软和京东的ETF均有上涨。");
    /** Tolerance of a float32 graph: rounding differences between CPUs stay far below it. */
    public static final double FP32_TOLERANCE = 1e-3;
    /**
     * Tolerance of an int8 graph: integer products are exact, but a float difference in the last bit
     * can move one activation to the next quantisation level (a change of about 1 % of one term).
     */
    public static final double INT8_TOLERANCE = 3e-2;

    public SelfCheck {
        if (windows.size() != emissions.size() || windows.isEmpty()) {
            throw new IllegalArgumentException("a self-check needs one emission table per probe window");
        }
        windows = List.copyOf(windows);
        emissions = List.copyOf(emissions);
    }

    /** The probe windows of {@link #TEXTS} for a model's featurizer (each text cut to {@code maxLength}). */
    public static List<Features> probeWindows(Featurizer featurizer, int maxLength) {
        List<Features> windows = new ArrayList<>();
        for (String text : TEXTS) {
            int[] cps = text.codePoints().toArray();
            windows.add(featurizer.article(cps).slice(0, Math.min(cps.length, maxLength)));
        }
        return windows;
    }

    /** Runs the probe through {@code emitter} and records what it gives. */
    public static SelfCheck measure(Emitter emitter, Featurizer featurizer, double tolerance) {
        List<Features> windows = probeWindows(featurizer, emitter.maxLength());
        return new SelfCheck(windows, emitter.emissions(windows), tolerance);
    }

    /** Largest absolute difference between the stored emissions and what {@code emitter} gives now. */
    public double difference(Emitter emitter) {
        return maxDifference(emissions, emitter.emissions(windows));
    }

    /**
     * Throws when {@code emitter} disagrees with the stored emissions beyond the tolerance.
     *
     * @throws UserError naming the model directory, the difference and what to do
     */
    public void verify(Emitter emitter, Path modelDir) {
        double d = difference(emitter);
        if (!(d <= tolerance)) { // NaN fails too
            throw new UserError(String.format(Locale.ROOT,
                    "model %s fails its self-check on this CPU: ONNX Runtime's emissions for the probe differ by %.3g "
                            + "from those recorded at export (tolerance %.3g); its results here cannot be trusted. "
                            + "Re-export the model on this host, or report the CPU (lscpu) and runtime versions.",
                    modelDir, d, tolerance));
        }
    }

    /** Max |a - b| over two emission tables of the same shape; infinity when the shapes differ. */
    public static double maxDifference(List<float[][]> a, List<float[][]> b) {
        if (a.size() != b.size()) {
            return Double.POSITIVE_INFINITY;
        }
        double worst = 0;
        for (int k = 0; k < a.size(); k++) {
            if (a.get(k).length != b.get(k).length) {
                return Double.POSITIVE_INFINITY;
            }
            for (int t = 0; t < a.get(k).length; t++) {
                if (a.get(k)[t].length != b.get(k)[t].length) {
                    return Double.POSITIVE_INFINITY;
                }
                for (int j = 0; j < a.get(k)[t].length; j++) {
                    worst = Math.max(worst, Math.abs((double) a.get(k)[t][j] - b.get(k)[t][j]));
                }
            }
        }
        return worst;
    }
}
