package org.companyner.runtime;

import org.companyner.UserError;
import org.companyner.model.Presets;
import org.companyner.vocab.BigramVocab;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SelfCheckTest {
    @TempDir
    Path tmp;

    private final Featurizer featurizer = new Featurizer(KeywordEmitter.vocab(), BigramVocab.build(Map.of(), 1));

    @Test
    void aRuntimeThatComputesWhatWasRecordedPasses() {
        KeywordEmitter emitter = new KeywordEmitter(64);
        SelfCheck check = SelfCheck.measure(emitter, featurizer, SelfCheck.FP32_TOLERANCE);
        assertThat(check.windows()).hasSize(SelfCheck.TEXTS.size());
        assertThat(check.windows().get(0).length()).isNotEqualTo(check.windows().get(1).length());
        assertThat(check.difference(emitter)).isZero();
        check.verify(emitter, tmp);
    }

    @Test
    void aRuntimeThatDisagreesBeyondTheToleranceIsRefusedWithTheFigures() {
        KeywordEmitter honest = new KeywordEmitter(64);
        SelfCheck check = SelfCheck.measure(honest, featurizer, SelfCheck.FP32_TOLERANCE);
        Emitter drifting = shifted(honest, 0.5f);
        assertThatThrownBy(() -> check.verify(drifting, tmp))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("fails its self-check on this CPU")
                .hasMessageContaining("differ by 0.500");
        // a difference inside the tolerance is rounding, not a fault
        check.verify(shifted(honest, 1e-4f), tmp);
    }

    @Test
    void theCheckTravelsInTheModelCard() throws Exception {
        SelfCheck check = SelfCheck.measure(new KeywordEmitter(64), featurizer, SelfCheck.INT8_TOLERANCE);
        new ModelDir(tmp).save(new ModelCard("m", Presets.get("tiny"), Map.of(), Map.of(), Map.of(), check));
        SelfCheck back = new ModelDir(tmp).verify().selfCheck();
        assertThat(back.tolerance()).isEqualTo(SelfCheck.INT8_TOLERANCE);
        assertThat(back.windows()).usingRecursiveFieldByFieldElementComparator().isEqualTo(check.windows());
        assertThat(SelfCheck.maxDifference(back.emissions(), check.emissions())).isZero();
        assertThat(new ModelCard("m", Presets.get("tiny"), Map.of(), Map.of(), Map.of()).selfCheck()).isNull();
    }

    private static Emitter shifted(Emitter inner, float delta) {
        return new Emitter() {
            @Override
            public List<float[][]> emissions(List<Features> batch) {
                List<float[][]> out = new ArrayList<>();
                for (float[][] e : inner.emissions(batch)) {
                    float[][] copy = new float[e.length][];
                    for (int t = 0; t < e.length; t++) {
                        copy[t] = e[t].clone();
                        copy[t][0] += delta;
                    }
                    out.add(copy);
                }
                return out;
            }

            @Override
            public Crf crf() {
                return inner.crf();
            }

            @Override
            public int maxLength() {
                return inner.maxLength();
            }

            @Override
            public void close() {
            }
        };
    }
}
