package org.companyner.spark;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.hadoop.mapreduce.lib.input.TextInputFormat;
import org.apache.spark.api.java.JavaNewHadoopRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.util.LongAccumulator;
import scala.Tuple2;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Reads text and JSONL inputs as raw lines with their line numbers, as {@code tag} reads them: lines end
 * at {@code \n} (a {@code \r} before it is dropped, any other {@code \r} stays in the article), a byte
 * order mark at the start of a file is dropped, text lines are articles even when empty, blank JSONL lines
 * are skipped. Unlike {@code tag}, a bad line (invalid UTF-8, malformed JSON) becomes an error record and
 * the rest of the file is still tagged.
 *
 * <p>Each file is one split (not divided), so that a line's number is simply counted within its split;
 * the job repartitions afterwards, so one big file is still tagged on every core. Lines are decoded from
 * Hadoop's raw bytes with a strict UTF-8 decoder because Spark's own text reader replaces bad bytes with
 * U+FFFD silently.
 */
final class LineInput {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    private LineInput() {
    }

    /** The articles of {@code paths} (comma-joined for Hadoop), counting each record read in {@code read}. */
    static JavaRDD<Article> read(JavaSparkContext jsc, List<String> paths, BulkConfig.InputFormat format, LongAccumulator read) {
        Configuration conf = new Configuration(jsc.hadoopConfiguration());
        // only \n ends a line: Hadoop's default also splits at a lone \r, which tag keeps inside the article
        conf.set("textinputformat.record.delimiter", "\n");
        JavaNewHadoopRDD<LongWritable, Text> lines = (JavaNewHadoopRDD<LongWritable, Text>) jsc.newAPIHadoopFile(
                String.join(",", paths), WholeFiles.class, LongWritable.class, Text.class, conf);
        boolean jsonl = format == BulkConfig.InputFormat.JSONL;
        return lines.mapPartitionsWithInputSplit(
                (split, records) -> new Lines(fileName(split), records, jsonl, read), true);
    }

    private static String fileName(InputSplit split) {
        return split instanceof FileSplit f ? f.getPath().getName() : String.valueOf(split);
    }

    /** Text lines, one split per file (so that line numbers are counted within one task). */
    public static final class WholeFiles extends TextInputFormat {
        @Override
        protected boolean isSplitable(JobContext context, Path file) {
            return false;
        }
    }

    /** The articles of one file, lazily: Hadoop reuses its {@link Text} buffer, so each line is decoded at once. */
    private static final class Lines implements Iterator<Article> {
        private final String file;
        private final Iterator<Tuple2<LongWritable, Text>> records;
        private final boolean jsonl;
        private final LongAccumulator read;
        private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        private int line;
        private Article next;

        Lines(String file, Iterator<Tuple2<LongWritable, Text>> records, boolean jsonl, LongAccumulator read) {
            this.file = file;
            this.records = records;
            this.jsonl = jsonl;
            this.read = read;
        }

        @Override
        public boolean hasNext() {
            while (next == null && records.hasNext()) {
                Text raw = records.next()._2();
                line++;
                next = article(raw.getBytes(), raw.getLength());
                if (next != null) {
                    read.add(1);
                }
            }
            return next != null;
        }

        @Override
        public Article next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Article a = next;
            next = null;
            return a;
        }

        /** The article on the current line, or null for a blank JSONL line. */
        private Article article(byte[] bytes, int length) {
            String where = file + ":" + line;
            int from = 0;
            if (line == 1 && length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF) {
                from = 3; // byte order mark
            }
            int to = length > from && bytes[length - 1] == '\r' ? length - 1 : length;
            String text;
            ByteBuffer in = ByteBuffer.wrap(bytes, from, to - from);
            CharBuffer out = CharBuffer.allocate(to - from);
            utf8.reset();
            CoderResult result = utf8.decode(in, out, true);
            if (!result.isError()) {
                result = utf8.flush(out);
            }
            if (result.isError()) {
                return Article.failed(where, where, null,
                        "invalid UTF-8 at byte " + (in.position() - from) + " of the line: save the file as UTF-8");
            }
            text = out.flip().toString();
            if (!jsonl) {
                return Article.ok(where, where, text);
            }
            if (text.isBlank()) {
                return null;
            }
            return jsonArticle(text, where);
        }

        private static Article jsonArticle(String line, String where) {
            JsonNode record;
            try {
                record = JSON.readTree(line);
            } catch (JsonProcessingException e) {
                return Article.failed(where, where, null, "malformed JSON (" + e.getOriginalMessage() + "); expected one {\"id\", \"text\"} object a line");
            }
            if (!record.isObject()) {
                return Article.failed(where, where, null, "expected one JSON object a line, found " + record.getNodeType().toString().toLowerCase(java.util.Locale.ROOT));
            }
            JsonNode idNode = record.get("id");
            String id;
            if (idNode == null || idNode.isNull()) {
                id = where;
            } else if (idNode.isTextual() || idNode.isIntegralNumber()) {
                id = idNode.asText();
            } else {
                return Article.failed(where, where, null, "\"id\" must be a string or an integer, found " + idNode.getNodeType().toString().toLowerCase(java.util.Locale.ROOT));
            }
            JsonNode text = record.get("text");
            if (text == null || !text.isTextual()) {
                return Article.failed(id, where, null, "\"text\" must be a string" + (text == null ? " (missing)" : ""));
            }
            return Article.ok(id, where, text.textValue());
        }
    }
}
