package org.companyner.spark;

import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;
import org.companyner.UserError;
import org.companyner.runtime.ModelDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.apache.spark.sql.functions.col;

/**
 * The bulk tagging job: read the articles, tag each partition with the executor's ONNX Runtime model
 * ({@link PartitionTagger}), write the tagged articles to {@link BulkConfig#output()} and every article
 * that could not be tagged, with its id and the reason, to {@link BulkConfig#errors()}. Nothing is
 * dropped: each article read is a row of exactly one of the two outputs.
 *
 * <p>Tagged rows: {@code id}, {@code text} (unless {@code --no-text}), {@code entities} (array of
 * {@code {start, end, text, type, score}}, {@code [start, end)} in code points of the text),
 * {@code marginals} (with {@code --marginals}: base64, 3 bytes O/B/I per code point, as JSONL training data
 * holds them). Error rows: {@code id}, {@code source} ({@code FILE:LINE} or the Parquet file), {@code reason},
 * {@code text} (when it could be read).
 */
public final class BulkJob {
    private BulkJob() {
    }

    /**
     * Runs {@code config} on {@code spark} and returns the counts.
     *
     * @throws UserError if an input is missing, an output exists (without {@code overwrite}), the Parquet
     *     input lacks the {@code id}/{@code text} columns, or the model directory is not a model
     */
    public static BulkSummary run(SparkSession spark, BulkConfig config) {
        long start = System.nanoTime();
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        checkInputs(jsc, config.inputs());
        checkOutput(jsc, config.output(), "--output", config.overwrite());
        checkOutput(jsc, config.errors(), "--errors", config.overwrite());
        ModelCache.Spec model = new ModelCache.Spec(config.model(), config.batchTokens(), config.threads());
        checkModel(jsc, model);

        LongAccumulator read = jsc.sc().longAccumulator("company-ner articles read");
        JavaRDD<Article> articles = config.inputFormat() == BulkConfig.InputFormat.PARQUET
                ? ParquetInput.read(spark, config.inputs(), read)
                : LineInput.read(jsc, config.inputs(), config.inputFormat(), read);
        int partitions = config.partitions() > 0 ? config.partitions() : 2 * jsc.defaultParallelism();
        // a single input file is a single split (line numbers): spread its articles over every core
        JavaRDD<Row> results = articles.repartition(partitions)
                .mapPartitions(new PartitionTagger(model, config.maxChars(), config.marginals(), config.link()));
        // two outputs and a count read the results: tag once, keep them (serialised, spilling to disk)
        results.persist(StorageLevel.MEMORY_AND_DISK_SER());
        try {
            Dataset<Row> all = spark.createDataFrame(results, PartitionTagger.SCHEMA);
            List<Column> taggedColumns = new ArrayList<>(List.of(col("id")));
            if (config.text()) {
                taggedColumns.add(col("text"));
            }
            taggedColumns.add(col("entities"));
            if (config.marginals()) {
                taggedColumns.add(col("marginals"));
            }
            write(all.filter(col("error").isNull()).select(taggedColumns.toArray(Column[]::new)), config.output(), config);
            write(all.filter(col("error").isNotNull())
                            .select(col("id"), col("source"), col("error").as("reason"), col("text")),
                    config.errors(), config);
            long[] counts = results.map(BulkJob::counts)
                    .fold(new long[3], (a, b) -> new long[] {a[0] + b[0], a[1] + b[1], a[2] + b[2]});
            return new BulkSummary(read.value(), counts[0], counts[1], counts[2], (System.nanoTime() - start) / 1e9);
        } finally {
            results.unpersist(false);
        }
    }

    /** {tagged, failed, code points tagged} of one result row. */
    private static long[] counts(Row r) {
        if (!r.isNullAt(PartitionTagger.ERROR)) {
            return new long[] {0, 1, 0};
        }
        String text = r.getString(PartitionTagger.TEXT);
        return new long[] {1, 0, text.codePointCount(0, text.length())};
    }

    private static void write(Dataset<Row> rows, String dir, BulkConfig config) {
        DataFrameWriter<Row> writer = rows.write().mode(config.overwrite() ? SaveMode.Overwrite : SaveMode.ErrorIfExists);
        switch (config.outputFormat()) {
            case JSONL -> writer.json(dir);
            case PARQUET -> writer.parquet(dir);
        }
    }

    private static void checkInputs(JavaSparkContext jsc, List<String> inputs) {
        for (String input : inputs) {
            try {
                org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(input);
                FileStatus[] found = p.getFileSystem(jsc.hadoopConfiguration()).globStatus(p);
                if (found == null || found.length == 0) {
                    throw new UserError("no such input: " + input);
                }
            } catch (IOException e) {
                throw new UserError("cannot read input " + input + ": " + e.getMessage(), e);
            }
        }
    }

    private static void checkOutput(JavaSparkContext jsc, String dir, String option, boolean overwrite) {
        try {
            org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(dir);
            FileSystem fs = p.getFileSystem(jsc.hadoopConfiguration());
            if (!overwrite && fs.exists(p)) {
                throw new UserError(option + " " + dir + " exists: remove it, choose another, or give --overwrite");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Fails before any task when the driver can see the model directory and it is not a valid model. In
     * local mode the driver is the executor, so it opens the model there once (the tasks reuse it); on a
     * cluster it only checks the directory's checksums, since the executors open their own.
     */
    private static void checkModel(JavaSparkContext jsc, ModelCache.Spec model) {
        if (jsc.isLocal()) {
            ModelCache.annotator(model);
            return;
        }
        for (ModelCache.Spec member : ModelCache.members(model)) {
            if (Files.isDirectory(Path.of(member.dir()))) {
                new ModelDir(Path.of(member.dir())).verify();
            }
        }
    }
}
