package org.companyner.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.companyner.runtime.LoadedModel;
import org.companyner.text.Entity;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * An article's mentions do not depend on the articles it is batched with: every CLUENER dev text
 * tagged alone gives exactly what it gives inside random batches (same spans, same scores). With the
 * per-batch activation scale of ONNX Runtime's DynamicQuantizeMatMul, 1-3 of these texts changed.
 */
class BatchIndependenceTest {
    private static final Path DEFAULT = Path.of("..", "models", "default");
    private static final Path DEV = Path.of("..", "..", "shared", "data", "cluener2020", "dev.json");

    @Test
    void everyDevTextAloneEqualsItselfInRandomBatches() throws Exception {
        assumeTrue(Files.isRegularFile(DEV), "CLUENER dev set not present");
        ObjectMapper json = new ObjectMapper();
        List<String> texts = new ArrayList<>();
        for (String line : Files.readAllLines(DEV)) {
            if (!line.isBlank()) {
                texts.add(json.readTree(line).get("text").asText());
            }
        }
        assertThat(texts).hasSizeGreaterThan(1000);

        List<List<Entity>> alone = new ArrayList<>();
        try (LoadedModel one = LoadedModel.open(DEFAULT, 1, 2, null)) {
            for (String t : texts) {
                alone.add(one.recognizer().recognize(List.of(t)).get(0));
            }
        }
        assertThat(alone.stream().mapToInt(List::size).sum()).as("the model finds mentions at all").isGreaterThan(200);

        Random rnd = new Random(20261202);
        try (LoadedModel batched = LoadedModel.open(DEFAULT, 8192, 2, null)) {
            for (int round = 0; round < 2; round++) {
                List<Integer> order = new ArrayList<>();
                for (int i = 0; i < texts.size(); i++) {
                    order.add(i);
                }
                Collections.shuffle(order, rnd);
                int from = 0;
                while (from < order.size()) {
                    int to = Math.min(order.size(), from + 1 + rnd.nextInt(96));
                    List<Integer> ids = order.subList(from, to);
                    List<List<Entity>> got = batched.recognizer().recognize(ids.stream().map(texts::get).toList());
                    for (int k = 0; k < ids.size(); k++) {
                        assertThat(got.get(k)).as("dev text %d in a batch of %d: %s", ids.get(k), ids.size(), texts.get(ids.get(k)))
                                .isEqualTo(alone.get(ids.get(k)));
                    }
                    from = to;
                }
            }
        }
    }
}
