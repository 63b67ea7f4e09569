package org.companyner.spark;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code bulk} command line: exit codes and one-line messages, as the launcher runs it. */
class BulkCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = BulkCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void unknownFormatIsAOneLineUsageErrorBeforeSparkStarts() {
        assertThat(run("--input", "x.txt", "--output", dir.resolve("o").toString(), "--format", "xml")).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("error: unknown --format 'xml' (known: text, jsonl, parquet)" + System.lineSeparator());
    }

    @Test
    void tagsOnLocalSparkPrintsTheCountsAndRefusesToOverwrite() throws IOException {
        Path in = dir.resolve("in.txt");
        Files.writeString(in, "阿里巴巴集团控股有限公司今日公布季度业绩。\n今天天气很好。\n");
        String[] args = {"--input", in.toString(), "--output", dir.resolve("out").toString(), "--model", "../models/default",
                "--master", "local[1]"};
        assertThat(run(args)).as(err.toString()).isZero();
        assertThat(out.toString()).contains("articles in 2, tagged 2, failed 0");
        assertThat(Files.list(dir.resolve("out")).anyMatch(p -> p.getFileName().toString().startsWith("part-"))).isTrue();
        assertThat(Files.isDirectory(dir.resolve("out-errors"))).isTrue();

        assertThat(run(args)).isEqualTo(2);
        assertThat(err.toString()).contains("error: --output " + dir.resolve("out") + " exists: remove it, choose another, or give --overwrite");
    }
}
