package org.companyner.spark;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import org.apache.spark.sql.types.DataTypes;
import org.companyner.UserError;

import java.util.Arrays;
import java.util.List;

import static org.apache.spark.sql.functions.col;

/** Reads Parquet inputs with a column {@code id} (any type, read as a string) and a string column {@code text}. */
final class ParquetInput {
    private ParquetInput() {
    }

    static JavaRDD<Article> read(SparkSession spark, List<String> paths, LongAccumulator read) {
        Dataset<Row> rows = spark.read().parquet(paths.toArray(String[]::new));
        List<String> columns = Arrays.asList(rows.columns());
        if (!columns.contains("id") || !columns.contains("text")) {
            throw new UserError("Parquet input " + paths + " needs columns id and text, has " + columns);
        }
        if (!rows.schema().apply("text").dataType().equals(DataTypes.StringType)) {
            throw new UserError("Parquet input " + paths + ": column text is " + rows.schema().apply("text").dataType().simpleString() + ", not string");
        }
        return rows.select(col("id").cast("string"), col("text"), col("_metadata.file_name")).javaRDD().map(r -> {
            read.add(1);
            String id = r.getString(0);
            String text = r.getString(1);
            String source = r.getString(2);
            if (id == null) {
                return Article.failed(null, source, text, "id is null");
            }
            return text == null ? Article.failed(id, source, null, "text is null") : Article.ok(id, source, text);
        });
    }
}
