package org.companyner.spark;

import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.companyner.io.Marginals;
import org.companyner.link.CompanyLinker;
import org.companyner.link.Link;
import org.companyner.runtime.Annotation;
import org.companyner.runtime.Annotator;
import org.companyner.runtime.Recognizer;
import org.companyner.text.Entity;
import scala.jdk.javaapi.CollectionConverters;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Supplier;

/**
 * Tags one partition: articles in, one {@link #SCHEMA} row out per article, in order, lazily, a batch of up
 * to {@value #BATCH} articles at a time through the executor's shared {@link ModelCache model} (the
 * {@link Recognizer} batches windows of similar length across the articles of a batch, as {@code tag} does
 * with the same batch size). An article that cannot be tagged becomes a row with {@code error} set:
 * read errors pass through, too-long texts and lone surrogates are refused before the model sees them,
 * and when the model fails on a batch each article of it is retried alone so that one bad article does
 * not take its neighbours with it.
 */
final class PartitionTagger implements FlatMapFunction<Iterator<Article>, Row> {
    /** Articles per {@link Recognizer#annotate} call: the chunk size {@code tag} uses. */
    static final int BATCH = 512;

    /** A {@link Link} without runner-up. */
    static final StructType RUNNER_UP = new StructType()
            .add("id", DataTypes.StringType, false)
            .add("name", DataTypes.StringType, false)
            .add("code", DataTypes.StringType, true)
            .add("exchange", DataTypes.StringType, true)
            .add("score", DataTypes.DoubleType, false);
    /** A mention's {@link Link}: null where unlinked. */
    static final StructType LINK = RUNNER_UP.add("runnerUp", RUNNER_UP, true);
    static final StructType ENTITY = new StructType()
            .add("start", DataTypes.IntegerType, false)
            .add("end", DataTypes.IntegerType, false)
            .add("text", DataTypes.StringType, false)
            .add("type", DataTypes.StringType, false)
            .add("score", DataTypes.DoubleType, false)
            .add("link", LINK, true);
    /** Every result row; {@link BulkJob} selects the tagged and the error columns from it. */
    static final StructType SCHEMA = new StructType()
            .add("id", DataTypes.StringType, true)
            .add("text", DataTypes.StringType, true)
            .add("entities", DataTypes.createArrayType(ENTITY, false), true)
            .add("marginals", DataTypes.StringType, true)
            .add("source", DataTypes.StringType, true)
            .add("error", DataTypes.StringType, true);
    static final int ERROR = SCHEMA.fieldIndex("error");
    static final int TEXT = SCHEMA.fieldIndex("text");

    private final ModelCache.Spec model;
    private final int maxChars;
    private final boolean marginals;
    private final boolean link;

    PartitionTagger(ModelCache.Spec model, int maxChars, boolean marginals, boolean link) {
        this.model = model;
        this.maxChars = maxChars;
        this.marginals = marginals;
        this.link = link;
    }

    PartitionTagger(ModelCache.Spec model, int maxChars, boolean marginals) {
        this(model, maxChars, marginals, true);
    }

    @Override
    public Iterator<Row> call(Iterator<Article> articles) {
        return new Iterator<>() {
            private Iterator<Row> batch = List.<Row>of().iterator();

            @Override
            public boolean hasNext() {
                while (!batch.hasNext() && articles.hasNext()) {
                    List<Article> next = new ArrayList<>(BATCH);
                    while (next.size() < BATCH && articles.hasNext()) {
                        next.add(articles.next());
                    }
                    batch = tag(next, () -> ModelCache.annotator(model),
                            () -> link ? ModelCache.linker(model) : null).iterator();
                }
                return batch.hasNext();
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return batch.next();
            }
        };
    }

    /** One row per article of {@code batch}, in order; {@code model} is asked only when an article needs tagging. */
    List<Row> tag(List<Article> batch, Supplier<Annotator> model) {
        return tag(batch, model, () -> null);
    }

    /**
     * As {@link #tag(List, Supplier)}, each article's mentions linked by {@code linker}'s {@link CompanyLinker}
     * (none when it supplies null: --no-link, or a model without company table).
     */
    List<Row> tag(List<Article> batch, Supplier<Annotator> model, Supplier<CompanyLinker> linker) {
        Row[] rows = new Row[batch.size()];
        List<Integer> todo = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            Article a = batch.get(i);
            String refused = a.error() != null ? a.error() : refuse(a.text());
            if (refused != null) {
                rows[i] = error(a, refused);
            } else {
                todo.add(i);
            }
        }
        if (!todo.isEmpty()) {
            Annotator recognizer = model.get();
            CompanyLinker companies = linker.get();
            List<String> texts = todo.stream().map(i -> batch.get(i).text()).toList();
            try {
                List<Annotation> found = recognizer.annotate(texts);
                for (int k = 0; k < todo.size(); k++) {
                    rows[todo.get(k)] = tagged(batch.get(todo.get(k)), found.get(k), companies);
                }
            } catch (RuntimeException batchFailure) {
                for (int i : todo) { // find the article(s) the model fails on
                    Article a = batch.get(i);
                    try {
                        rows[i] = tagged(a, recognizer.annotate(List.of(a.text())).get(0), companies);
                    } catch (RuntimeException e) {
                        rows[i] = error(a, "model error: " + e);
                    }
                }
            }
        }
        return List.of(rows);
    }

    /** Why {@code text} is not given to the model, or null. */
    private String refuse(String text) {
        int length = text.codePointCount(0, text.length());
        if (length > maxChars) {
            return "text too long: " + length + " code points, more than --max-chars " + maxChars;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "lone surrogate U+" + Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT)
                        + " at character " + i + ": not Unicode text";
            }
        }
        return null;
    }

    private Row tagged(Article a, Annotation annotation, CompanyLinker companies) {
        List<Entity> found = companies == null ? annotation.entities() : companies.link(a.text(), annotation.entities());
        List<Row> entities = new ArrayList<>(found.size());
        for (Entity e : found) {
            entities.add(RowFactory.create(e.start(), e.end(), e.text(), e.type(), e.score(), row(e.link())));
        }
        // Spark's row encoder takes a Scala Seq for an array column, not a java.util.List
        return RowFactory.create(a.id(), a.text(), CollectionConverters.asScala(entities).toSeq(), marginals ? encode(annotation.marginals()) : null, a.source(), null);
    }

    private static Row row(Link l) {
        if (l == null) {
            return null;
        }
        Row runnerUp = l.runnerUp() == null ? null : RowFactory.create(l.runnerUp().id(), l.runnerUp().name(),
                l.runnerUp().code(), l.runnerUp().exchange(), l.runnerUp().score());
        return RowFactory.create(l.id(), l.name(), l.code(), l.exchange(), l.score(), runnerUp);
    }

    private static Row error(Article a, String reason) {
        return RowFactory.create(a.id(), a.text(), null, null, a.source(), reason);
    }

    /** The marginals in the compact base64 form JSONL training data holds ({@link Marginals}). */
    static String encode(double[][] rows) {
        float[][] f = new float[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            f[i] = new float[rows[i].length];
            for (int t = 0; t < rows[i].length; t++) {
                f[i][t] = (float) rows[i][t];
            }
        }
        return Marginals.encode(f);
    }
}
