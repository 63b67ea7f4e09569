package org.companyner.spark;

import org.apache.spark.sql.Row;
import org.companyner.runtime.Crf;
import org.companyner.runtime.Emitter;
import org.companyner.runtime.Featurizer;
import org.companyner.runtime.Features;
import org.companyner.runtime.LoadedModel;
import org.companyner.runtime.Recognizer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Error rows without Spark: a model failure on one article costs that article only, never a silent drop. */
class PartitionTaggerTest {
    private static final Path MODEL = Path.of("..", "models", "default");
    /** The failing emitter's trigger: a window of exactly this many positions. */
    private static final String POISON = "毒".repeat(13);

    private static LoadedModel model;

    @BeforeAll
    static void open() {
        model = LoadedModel.open(MODEL, 4096, 1, null);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    /** The real model, except that a batch holding a window of {@code POISON}'s length fails, as a broken model would. */
    private static Recognizer failingOnPoison() {
        Emitter real = model.emitter();
        Emitter failing = new Emitter() {
            @Override
            public List<float[][]> emissions(List<Features> batch) {
                if (batch.stream().anyMatch(f -> f.length() == POISON.length())) {
                    throw new IllegalStateException("ORT failure (test)");
                }
                return real.emissions(batch);
            }

            @Override
            public Crf crf() {
                return real.crf();
            }

            @Override
            public int maxLength() {
                return real.maxLength();
            }

            @Override
            public void close() {
            }
        };
        return new Recognizer(failing, Featurizer.load(MODEL, model.card().config().lexicon()), 4096);
    }

    @Test
    void aModelFailureFailsOnlyTheArticleItHappensOn() {
        PartitionTagger tagger = new PartitionTagger(new ModelCache.Spec(MODEL.toString(), 4096, 1), 100, false);
        List<Article> batch = List.of(
                Article.ok("a", "f:1", "阿里巴巴集团控股有限公司今日公布季度业绩。"),
                Article.ok("poison", "f:2", POISON),
                Article.failed("bad", "f:3", null, "invalid UTF-8 at byte 0 of the line"),
                Article.ok("long", "f:4", "长".repeat(101)),
                Article.ok("b", "f:5", "今天天气很好。"));
        List<Row> rows = tagger.tag(batch, PartitionTaggerTest::failingOnPoison);

        assertThat(rows).extracting(r -> r.getString(0)).containsExactly("a", "poison", "bad", "long", "b");
        assertThat(rows).extracting(r -> r.getString(PartitionTagger.ERROR)).containsExactly(
                null, "model error: java.lang.IllegalStateException: ORT failure (test)",
                "invalid UTF-8 at byte 0 of the line", "text too long: 101 code points, more than --max-chars 100", null);
        assertThat(rows.get(0).getSeq(PartitionTagger.SCHEMA.fieldIndex("entities")).nonEmpty()).isTrue();
    }

    @Test
    void linkedEntitiesCarryTheirCompanyAndNoLinkLeavesItNull() {
        PartitionTagger tagger = new PartitionTagger(new ModelCache.Spec(MODEL.toString(), 4096, 1), 1000, false);
        List<Article> batch = List.of(Article.ok("m", "f:1", "贵州茅台酒股份有限公司（以下简称“茅台”）今日公告，茅台营收增长。"));
        List<Row> linked = tagger.tag(batch, model::recognizer, model::linker);
        List<Row> plain = tagger.tag(batch, model::recognizer);
        scala.collection.Seq<Row> entities = linked.get(0).getSeq(PartitionTagger.SCHEMA.fieldIndex("entities"));
        assertThat(entities.size()).isEqualTo(3);
        for (int i = 0; i < entities.size(); i++) {
            Row link = entities.apply(i).getStruct(PartitionTagger.ENTITY.fieldIndex("link"));
            assertThat(link.getString(0)).isEqualTo("600519.SH");
            assertThat(link.getString(2)).isEqualTo("600519");
        }
        scala.collection.Seq<Row> unlinked = plain.get(0).getSeq(PartitionTagger.SCHEMA.fieldIndex("entities"));
        for (int i = 0; i < unlinked.size(); i++) {
            assertThat(unlinked.apply(i).isNullAt(PartitionTagger.ENTITY.fieldIndex("link"))).isTrue();
        }
    }
}
