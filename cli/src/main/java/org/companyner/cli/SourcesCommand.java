package org.companyner.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.companyner.io.DataReader;
import org.companyner.io.Format;
import org.companyner.io.LabelMap;
import org.companyner.label.LabellingSource;
import org.companyner.label.ModelSource;
import org.companyner.label.SourceCatalog;
import org.companyner.label.SourceReport;
import org.companyner.runtime.LoadedModel;
import org.companyner.text.Document;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sources}: how each weak-labelling source agrees with a labelled file. A thin command over
 * {@link SourceReport#evaluate}.
 */
@Command(name = "sources", mixinStandardHelpOptions = true,
        description = "Scores weak-labelling sources on a labelled file (exact-match P/R/F1 and overlap recall per source).")
final class SourcesCommand implements Callable<Integer> {
    @Option(names = "--data", required = true, paramLabel = "FILE", description = "Labelled data file.")
    Path data;

    @Option(names = "--format", required = true, paramLabel = "FORMAT",
            description = "cluener, cfsc, bio, bioes, bmes, yedda or jsonl.")
    String format;

    @Option(names = "--label", required = true, paramLabel = "LABEL",
            description = "Dataset label(s) that mean company, comma-separated (e.g. company, Corporate).")
    String label;

    @Option(names = "--sources", paramLabel = "A,B", split = ",",
            description = "Sources to score (default: all available and model): gazetteer-trusted, gazetteer-wide, brand, "
                    + "suffix, hanlp, ccks2019, bdci2019, fincuge, resume, weibo, model.")
    List<String> sources;

    @Option(names = "--data-root", paramLabel = "DIR",
            description = "Shared data folder with the name lists and data sets (default: ../shared/data from the project).")
    Path dataRoot;

    @Option(names = "--own-texts",
            description = "Data-set and NER-corpus sources label only their own texts (default: their string lists match any text).")
    boolean ownTexts;

    @Option(names = "--json", description = "Print one JSON array instead of a table.")
    boolean asJson;

    @Mixin
    ModelOptions model;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        List<Document> gold = DataReader.read(data, Format.parse(format), LabelMap.parse(label));
        List<String> names = sources == null ? new ArrayList<>(SourceCatalog.NAMES) : sources;
        if (sources == null) {
            names.add("model");
        }
        Path root = dataRoot != null ? dataRoot : Path.of(System.getProperty("companyner.home", "."), "..", "shared", "data");
        SourceCatalog catalog = new SourceCatalog(root.normalize(), ownTexts);
        List<SourceReport.Row> rows = new ArrayList<>();
        for (String name : names) {
            if (name.equals("model")) {
                try (LoadedModel loaded = model.open()) {
                    rows.addAll(SourceReport.evaluate(List.of(new ModelSource("model", loaded.recognizer())), gold));
                }
            } else {
                LabellingSource source = catalog.build(name);
                rows.addAll(SourceReport.evaluate(List.of(source), gold));
            }
        }
        var w = spec.commandLine().getOut();
        if (asJson) {
            List<Map<String, Object>> out = new ArrayList<>();
            for (SourceReport.Row r : rows) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("source", r.source());
                m.put("data", data.toString());
                m.put("scores", r.scores());
                m.put("seconds", r.seconds());
                out.add(m);
            }
            w.println(new ObjectMapper().writeValueAsString(out));
        } else {
            w.print(SourceReport.table(rows));
        }
        w.flush();
        return 0;
    }
}
