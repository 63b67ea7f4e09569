package org.companyner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code review build} and {@code review export} through {@link Main#run} with the shipped default model. */
class ReviewCommandTest {
    private static final Path DEFAULT = Path.of("..", "models", "default");

    @TempDir
    Path dir;

    private record Result(int code, String out, String err) {
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void buildQueuesTheDisagreementsAndExportWritesTheDataBackInAnyFormat() throws Exception {
        Path data = dir.resolve("weak.jsonl");
        // made-up sentences: the labels miss 招商银行 in the first and label a non-name in the third
        Files.writeString(data, String.join("\n",
                "{\"text\":\"华星科技股份有限公司今日发布公告称，招商银行股价上涨。\",\"entities\":[{\"start\":0,\"end\":10}]}",
                "{\"text\":\"今天天气很好。\",\"entities\":[]}",
                "{\"text\":\"平安银行发布年报。\",\"entities\":[{\"start\":4,\"end\":6}],\"unknown\":[[6,9]]}") + "\n");
        Path queue = dir.resolve("queue.jsonl");
        Result built = run("review", "build", "--model", DEFAULT.toString(), "--data", data.toString(), "--format", "jsonl",
                "--label", "COMPANY", "--out", queue.toString());
        assertThat(built.code()).as(built.err()).isZero();
        assertThat(built.out()).contains("3 sentences, 2 queued");
        List<String> lines = Files.readAllLines(queue);
        assertThat(lines.get(0)).contains("\"format\":\"company-ner-review-queue\"").contains("\"queued\":2");
        assertThat(lines).hasSize(4);

        Path yedda = dir.resolve("out.txt");
        Result refused = run("review", "export", "--queue", queue.toString(), "--out", yedda.toString(), "--format", "yedda");
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.err().strip()).startsWith("error: cannot write document 3 as yedda").doesNotContain("\n");
        Result jsonl = run("review", "export", "--queue", queue.toString(), "--out", dir.resolve("out.jsonl").toString(),
                "--format", "jsonl");
        assertThat(jsonl.code()).as(jsonl.err()).isZero();
        assertThat(Files.readAllLines(dir.resolve("out.jsonl"))).hasSize(3);
        assertThat(run("review", "export", "--queue", queue.toString(), "--out", yedda.toString(), "--format", "yedda",
                "--reviewed-only").code()).isZero();
        assertThat(Files.readAllLines(yedda)).isEmpty();
    }

    @Test
    void aFileThatIsNotAQueueIsAOneLineError() throws Exception {
        Path data = dir.resolve("data.jsonl");
        Files.writeString(data, "{\"text\":\"云帆集团\",\"entities\":[]}\n");
        for (String verb : List.of("serve", "export")) {
            Result r = verb.equals("serve") ? run("review", "serve", "--queue", data.toString(), "--port", "0")
                    : run("review", "export", "--queue", data.toString(), "--out", dir.resolve("x").toString(), "--format", "jsonl");
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err().strip()).startsWith("error: " + data + " is not a review queue").doesNotContain("\n");
        }
        Result none = run("review", "export", "--queue", dir.resolve("missing").toString(), "--out", dir.resolve("x").toString(),
                "--format", "jsonl");
        assertThat(none.err().strip()).isEqualTo("error: no such queue file: " + dir.resolve("missing"));
    }
}
