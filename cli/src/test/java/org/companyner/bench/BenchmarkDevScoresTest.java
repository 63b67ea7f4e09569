package org.companyner.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.companyner.eval.Evaluator;
import org.companyner.eval.Scores;
import org.companyner.runtime.LoadedModel;
import org.companyner.text.CodePoints;
import org.companyner.text.Document;
import org.companyner.text.Entity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With labelled articles, bench scores each trained model through {@link Evaluator#evaluate}. */
class BenchmarkDevScoresTest {
    private static final Path DEFAULT = Path.of("..", "models", "default");

    private static Document doc(String text, String... mentions) {
        return new Document(text, java.util.Arrays.stream(mentions).map(m -> {
            int start = CodePoints.length(text.substring(0, text.indexOf(m)));
            return Entity.of(text, start, start + CodePoints.length(m), Entity.COMPANY, 1);
        }).toList());
    }

    private static final List<Document> GOLD = List.of(
            doc("华星科技股份有限公司今日发布公告称，招商银行股价上涨。", "华星科技股份有限公司", "招商银行"),
            doc("蓝海集团与星辰动力签署协议，双方将合作。", "蓝海集团"),
            doc("今日股市小幅上涨。"));

    @Test
    void trainedRowsCarryTheScoresOfTheSharedScoringPathAndPresetRowsNone(@TempDir Path scratch) throws Exception {
        List<String> texts = GOLD.stream().map(Document::text).toList();
        Benchmark bench = new Benchmark(texts, GOLD, 1, 1, new MatmulPeak(1, 1));
        List<Benchmark.Result> results = bench.run(
                List.of(new Benchmark.Spec(DEFAULT.toString(), false), new Benchmark.Spec("tiny", false)), scratch);
        Scores expected;
        try (LoadedModel m = LoadedModel.open(DEFAULT, 4096, 1, null)) {
            expected = Evaluator.evaluate(m.recognizer(), GOLD).scores();
        }
        Benchmark.Result trained = results.get(0);
        assertThat(trained.dev_precision()).isEqualTo(Math.round(expected.precision() * 1e4) / 1e4);
        assertThat(trained.dev_recall()).isEqualTo(Math.round(expected.recall() * 1e4) / 1e4);
        assertThat(trained.dev_f1()).isEqualTo(Math.round(expected.f1() * 1e4) / 1e4).isPositive();
        assertThat(trained.chars_per_second()).isPositive();
        Benchmark.Result preset = results.get(1);
        assertThat(preset.dev_f1()).isNull();
        assertThat(preset.dev_precision()).isNull();
    }

    @Test
    void withoutGoldNoRowHasScores(@TempDir Path scratch) throws Exception {
        List<String> texts = GOLD.stream().map(Document::text).toList();
        List<Benchmark.Result> results = new Benchmark(texts, 1, 1, new MatmulPeak(1, 1))
                .run(List.of(new Benchmark.Spec(DEFAULT.toString(), false)), scratch);
        assertThat(results.get(0).dev_f1()).isNull();
    }
}
