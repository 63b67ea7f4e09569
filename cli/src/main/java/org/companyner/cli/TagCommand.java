package org.companyner.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.companyner.UserError;
import org.companyner.io.ArticleReader;
import org.companyner.runtime.LoadedModel;
import org.companyner.text.Entity;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.FilterWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code tag}: articles in (files or stdin), one JSON line of company mentions per article out. */
@Command(name = "tag", mixinStandardHelpOptions = true,
        description = {"Finds company names in articles and prints one JSON line per article:",
                "{\"text\": ..., \"entities\": [{\"start\", \"end\", \"text\", \"type\", \"score\", \"link\"?}]}",
                "Offsets are [start, end) in Unicode code points of the article; every mention is listed.",
                "link: {\"id\", \"name\", \"code\", \"exchange\", \"score\", \"runnerUp\"?}, the registered company, where known."})
final class TagCommand implements Callable<Integer> {
    private static final int CHUNK = 512;

    @Parameters(paramLabel = "FILE", arity = "0..*", description = "Input files (default: standard input).")
    List<Path> files = List.of();

    @Option(names = "--input-format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (one article a line) or jsonl ({\"text\": ...} a line); default ${DEFAULT-VALUE}.")
    String inputFormat;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE instead of standard output.")
    Path output;

    @Option(names = "--no-link", description = "Do not link mentions to the model's company table (nor add the mentions of aliases an article declares).")
    boolean noLink;

    @Mixin
    ModelOptions model;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ArticleReader.Layout layout = ArticleReader.Layout.parse(inputFormat);
        for (Path f : files) {
            if (!Files.isRegularFile(f)) {
                throw new UserError(Files.exists(f) ? "not a file: " + f : "no such file: " + f);
            }
        }
        OutputFiles.checkWritable(output, "-o");
        ObjectMapper json = new ObjectMapper().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        try (LoadedModel loaded = model.open();
             Writer out = output == null
                     ? new FilterWriter(spec.commandLine().getOut()) {
                         @Override
                         public void flush() throws IOException {
                             super.flush();
                             if (spec.commandLine().getOut().checkError()) { // PrintWriter hides write errors
                                 throw new UserError("output closed (e.g. a broken pipe); stopped tagging");
                             }
                         }

                         @Override
                         public void close() throws IOException {
                             flush(); // the command line's writer (standard output) stays open
                         }
                     }
                     : Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
            if (files.isEmpty()) {
                tag(System.in, "<stdin>", layout, loaded, !noLink, json, out);
            }
            for (Path f : files) {
                try (InputStream in = Files.newInputStream(f)) {
                    tag(in, f.toString(), layout, loaded, !noLink, json, out);
                }
            }
        }
        return 0;
    }

    private static void tag(InputStream in, String name, ArticleReader.Layout layout, LoadedModel loaded, boolean link,
                            ObjectMapper json, Writer out) throws IOException {
        try (ArticleReader reader = new ArticleReader(in, name, layout)) {
            for (List<String> chunk = reader.next(CHUNK); !chunk.isEmpty(); chunk = reader.next(CHUNK)) {
                List<List<Entity>> found = loaded.recognize(chunk, link);
                for (int i = 0; i < chunk.size(); i++) {
                    out.write(json.writeValueAsString(new Tagged(chunk.get(i), found.get(i))));
                    out.write('\n');
                }
                out.flush();
            }
        }
    }

    /** One output line. */
    record Tagged(String text, List<Entity> entities) {
    }
}
