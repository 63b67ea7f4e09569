package org.companyner.cli;

import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.companyner.UserError;
import org.companyner.io.AtomicFiles;
import org.companyner.io.DataReader;
import org.companyner.io.DataWriter;
import org.companyner.io.Format;
import org.companyner.io.LabelMap;
import org.companyner.label.Repairs;
import org.companyner.text.Document;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code repair}: applies label-repair rules (boundary, suffix, tagger, gazetteer) to a data file and
 * writes the repaired file and a Markdown report. A thin command over {@link Repairs#apply}.
 */
@Command(name = "repair", mixinStandardHelpOptions = true,
        description = {"Repairs weak or noisy company labels with rules applied in order, writes the repaired data",
                "(JSONL by default: keeps scores and unknown ranges) and a Markdown report of what each rule did.",
                "Reports quote the input: keep reports on licensed corpora local, never commit them."})
final class RepairCommand implements Callable<Integer> {
    @Option(names = "--data", required = true, paramLabel = "FILE", description = "Labelled data file to repair.")
    Path data;

    @Option(names = "--format", required = true, paramLabel = "FORMAT",
            description = "Input format: cluener, cfsc, bio, bioes, bmes, yedda or jsonl.")
    String format;

    @Option(names = "--label", required = true, paramLabel = "LABEL",
            description = "Dataset label(s) that mean company, comma-separated (e.g. company, Corporate); the first is written.")
    String label;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Repaired data file to write.")
    Path out;

    @Option(names = "--out-format", paramLabel = "FORMAT", defaultValue = "jsonl",
            description = "Output format (default ${DEFAULT-VALUE}; only jsonl keeps scores and unknown ranges).")
    String outFormat;

    @Option(names = "--rules", paramLabel = "A,B", split = ",", defaultValue = "boundary,suffix,tagger,gazetteer",
            description = "Rules, applied in this order (default ${DEFAULT-VALUE}).")
    List<String> rules;

    @Option(names = "--report", paramLabel = "FILE.md", description = "Markdown report: counts per rule and up to 20 examples of each kind.")
    Path report;

    @Option(names = "--data-root", paramLabel = "DIR",
            description = "Shared data folder with the name lists (default: ../shared/data from the project).")
    Path dataRoot;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Repairs.checkNames(rules);
        Format in = Format.parse(format);
        Format outF = Format.parse(outFormat);
        LabelMap labels = LabelMap.parse(label);
        OutputFiles.checkWritable(out, "--out");
        OutputFiles.checkWritable(report, "--report");
        if (!Files.exists(data)) {
            throw new UserError("no such file: " + data);
        }
        Path root = dataRoot != null ? dataRoot : Path.of(System.getProperty("companyner.home", "."), "..", "shared", "data");
        var built = Repairs.build(rules, root.normalize());
        List<Document> docs = DataReader.read(data, in, labels);
        Repairs.Run run = Repairs.apply(docs, built);
        String written = label.split(",")[0].strip();
        AtomicFiles.write(out, o -> {
            Writer w = new OutputStreamWriter(o, StandardCharsets.UTF_8);
            DataWriter.write(run.documents(), outF, written, w);
        });
        if (report != null) {
            String md = run.report().markdown(data.getFileName() + " (" + String.join(", ", rules) + ")");
            AtomicFiles.write(report, o -> o.write(md.getBytes(StandardCharsets.UTF_8)));
        }
        var w = spec.commandLine().getOut();
        w.print(run.report().table());
        w.flush();
        return 0;
    }
}
