package org.companyner.train.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.util.Pair;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link AdamW}: global-norm clipping and the first decoupled-weight-decay step. */
class AdamWTest {
    private NDManager manager;
    private Parameter head;
    private Parameter weight;

    @BeforeEach
    void setUp() {
        manager = NDManager.newBaseManager();
        head = param("emitBias", new float[] {0.5f, -1.0f, 2.0f});
        weight = param("encoder.weight", new float[] {1.0f, 2.0f, -3.0f, 0.25f});
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    private Parameter param(String name, float[] values) {
        Parameter p = Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT).build();
        NDArray a = manager.create(values);
        a.setRequiresGradient(true);
        p.setArray(a);
        return p;
    }

    private AdamW adamW(float weightDecay) {
        return new AdamW(manager, List.of(new Pair<>("emitBias", head), new Pair<>("encoder.weight", weight)),
                name -> name.startsWith("emit"), name -> name.endsWith("weight"), weightDecay);
    }

    /** Gradients: head gets {@code scale·c}, weight gets {@code 2·w·scale} (from scale·Σw²). */
    private void backward(float scale, float[] c) {
        try (NDManager m = manager.newSubManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray s = m.create(scale);
            NDArray loss = head.getArray().mul(m.create(c)).sum().mul(s)
                    .add(weight.getArray().square().sum().mul(s));
            gc.backward(loss);
        }
    }

    private double norm() {
        double sq = 0;
        for (Parameter p : List.of(head, weight)) {
            for (float g : p.getArray().getGradient().toFloatArray()) {
                sq += (double) g * g;
            }
        }
        return Math.sqrt(sq);
    }

    @Test
    void clipGlobalNormLeavesANormOfAtMostOne() {
        backward(100f, new float[] {3f, -4f, 12f});
        double before = norm();
        float[] headBefore = head.getArray().getGradient().toFloatArray();
        AdamW opt = adamW(0f);
        assertThat(opt.clipGlobalNorm(1.0)).isCloseTo(before, within(before * 1e-5));
        assertThat(before).isGreaterThan(100);
        assertThat(norm()).isLessThanOrEqualTo(1.0 + 1e-5).isGreaterThan(0.99);
        // uniform scaling: the direction is kept
        float[] headAfter = head.getArray().getGradient().toFloatArray();
        for (int i = 0; i < headAfter.length; i++) {
            assertThat((double) headAfter[i]).isCloseTo(headBefore[i] / before, within(1e-5));
        }
    }

    @Test
    void clipGlobalNormLeavesSmallGradientsUnchanged() {
        backward(0.01f, new float[] {3f, -4f, 12f});
        float[] headBefore = head.getArray().getGradient().toFloatArray();
        float[] weightBefore = weight.getArray().getGradient().toFloatArray();
        double before = norm();
        assertThat(before).isLessThan(1.0);
        assertThat(adamW(0f).clipGlobalNorm(1.0)).isCloseTo(before, within(1e-6));
        assertThat(head.getArray().getGradient().toFloatArray()).containsExactly(headBefore);
        assertThat(weight.getArray().getGradient().toFloatArray()).containsExactly(weightBefore);
    }

    @Test
    void firstStepMovesEachWeightByItsGroupRateTimesSignOfGradientAfterDecay() {
        float[] w0 = weight.getArray().toFloatArray();
        float[] h0 = head.getArray().toFloatArray();
        backward(1f, new float[] {3f, -4f, 12f});
        float[] gw = weight.getArray().getGradient().toFloatArray();
        float[] gh = head.getArray().getGradient().toFloatArray();
        float lr = 0.01f;
        float headLr = 0.1f;
        float decay = 0.5f;
        adamW(decay).step(lr, headLr);
        // bias-corrected first Adam step: update = rate · g / (|g| + eps) = rate · sign(g)
        float[] w1 = weight.getArray().toFloatArray();
        for (int i = 0; i < w1.length; i++) {
            double expected = w0[i] * (1 - lr * decay) - lr * Math.signum(gw[i]);
            assertThat((double) w1[i]).as("weight %d", i).isCloseTo(expected, within(1e-5));
        }
        float[] h1 = head.getArray().toFloatArray();
        for (int i = 0; i < h1.length; i++) {
            assertThat((double) h1[i]).as("head %d (no decay)", i).isCloseTo(h0[i] - headLr * Math.signum(gh[i]), within(1e-5));
        }
    }

    @Test
    void aTruncatedOrForeignStateFileIsTheUsersErrorNamingIt(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        AdamW opt = new AdamW(manager, List.of(new Pair<>("emitBias", head), new Pair<>("encoder.weight", weight)),
                name -> name.startsWith("emit"), name -> name.endsWith("weight"), 0.01f);
        java.nio.file.Path file = dir.resolve("optimizer.ndl");
        opt.save(file);
        opt.load(file);
        byte[] bytes = java.nio.file.Files.readAllBytes(file);
        java.nio.file.Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 7));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> opt.load(file))
                .isInstanceOf(org.companyner.UserError.class).hasMessageContaining(file + " is truncated or corrupt");

        AdamW other = new AdamW(manager, List.of(new Pair<>("emitBias", head)), name -> true, name -> false, 0f);
        java.nio.file.Path foreign = dir.resolve("other.ndl");
        other.save(foreign);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> opt.load(foreign))
                .isInstanceOf(org.companyner.UserError.class).hasMessageContaining(foreign + " has 3 arrays, the model needs 5");
    }
}
