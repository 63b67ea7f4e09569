package org.companyner.spark;

import org.companyner.UserError;

import java.io.Serializable;
import java.util.List;
import java.util.Locale;

/**
 * One bulk tagging run, validated on construction.
 *
 * @param inputs       files, directories or globs as Hadoop reads them (local paths, {@code hdfs://}, {@code s3a://} ...)
 * @param inputFormat  how the inputs hold articles
 * @param output       directory for the tagged articles (Spark writes part files into it)
 * @param errors       directory for the articles that could not be tagged, with the reason
 * @param outputFormat format of both output directories
 * @param model        the model directory as the executors see it: a shared path, or the name given to
 *                     {@code spark-submit --archives model.tgz#NAME} ({@link ModelCache#resolve})
 * @param marginals    also write each article's per-position tag marginals (base64, as JSONL training data holds them)
 * @param text         also write each article's text next to its id
 * @param maxChars     longest article tagged, in code points; longer ones go to the errors
 * @param batchTokens  characters per inference batch ({@code tag --batch-tokens})
 * @param threads      ONNX Runtime intra-op threads per running task (an executor runs one task per core)
 * @param partitions   partitions to tag in; 0 = twice Spark's default parallelism
 * @param overwrite    replace existing output directories instead of refusing to run
 * @param link         link mentions to the model's company table ({@code --no-link}: false)
 */
public record BulkConfig(List<String> inputs, InputFormat inputFormat, String output, String errors,
                         OutputFormat outputFormat, String model, boolean marginals, boolean text, int maxChars,
                         int batchTokens, int threads, int partitions, boolean overwrite, boolean link) implements Serializable {
    /** A configuration that links (the default). */
    public BulkConfig(List<String> inputs, InputFormat inputFormat, String output, String errors,
                      OutputFormat outputFormat, String model, boolean marginals, boolean text, int maxChars,
                      int batchTokens, int threads, int partitions, boolean overwrite) {
        this(inputs, inputFormat, output, errors, outputFormat, model, marginals, text, maxChars, batchTokens, threads,
                partitions, overwrite, true);
    }

    /** Default {@link #maxChars}: far above any news article, low enough that one article's marginals stay small. */
    public static final int DEFAULT_MAX_CHARS = 100_000;

    /** Input layouts. */
    public enum InputFormat {
        /** One article a line (UTF-8, {@code \n} or {@code \r\n}); id = file name + ":" + line number. */
        TEXT,
        /** One JSON object a line, {@code {"id": ..., "text": ...}}; without an id, file name + ":" + line number. */
        JSONL,
        /** Parquet with a column {@code id} (any type, read as a string) and a string column {@code text}. */
        PARQUET;

        public static InputFormat parse(String name) {
            return parseEnum(InputFormat.class, name, "--format");
        }
    }

    /** Output formats. */
    public enum OutputFormat {
        JSONL, PARQUET;

        public static OutputFormat parse(String name) {
            return parseEnum(OutputFormat.class, name, "--output-format");
        }
    }

    public BulkConfig {
        inputs = List.copyOf(inputs);
        if (inputs.isEmpty()) {
            throw new UserError("--input: give at least one file or directory");
        }
        if (inputFormat == null || outputFormat == null) {
            throw new IllegalArgumentException("formats must be given");
        }
        if (output == null || output.isBlank()) {
            throw new UserError("--output: give an output directory");
        }
        if (errors == null || errors.isBlank()) {
            errors = defaultErrors(output);
        }
        if (errors.equals(output)) {
            throw new UserError("--errors must differ from --output (" + output + ")");
        }
        if (model == null || model.isBlank()) {
            throw new UserError("--model: give a model directory");
        }
        atLeast("--max-chars", maxChars, 1);
        atLeast("--batch-tokens", batchTokens, 1);
        atLeast("--threads", threads, 1);
        atLeast("--partitions", partitions, 0);
    }

    /** Where errors go when not said: next to the output, {@code OUTPUT-errors}. */
    public static String defaultErrors(String output) {
        String trimmed = output.endsWith("/") ? output.substring(0, output.length() - 1) : output;
        return trimmed + "-errors";
    }

    private static void atLeast(String option, int value, int min) {
        if (value < min) {
            throw new UserError(option + " must be at least " + min + ", got " + value);
        }
    }

    private static <E extends Enum<E>> E parseEnum(Class<E> type, String name, String option) {
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(name)) {
                return e;
            }
        }
        List<String> known = java.util.Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT)).toList();
        throw new UserError("unknown " + option + " '" + name + "' (known: " + String.join(", ", known) + ")");
    }
}
