package org.companyner.cli;

import org.companyner.UserError;
import org.companyner.io.AtomicFiles;
import org.companyner.link.Company;
import org.companyner.link.CompanyTable;
import org.companyner.link.TableBuilder;
import org.companyner.runtime.ModelDir;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code companies build}: the company table the linker resolves mentions to, from the shared data folder. */
@Command(name = "companies", mixinStandardHelpOptions = true,
        description = "The company table mentions are linked to.",
        subcommands = {CompaniesCommand.Build.class, CompaniesCommand.Measure.class})
final class CompaniesCommand implements Runnable {
    @Override
    public void run() {
        throw new UserError("choose a subcommand: companies build (see 'company-ner companies --help')");
    }

    @Command(name = "build", mixinStandardHelpOptions = true,
            description = {"Builds the company table (registered names, short and former names, stock codes, exchange;",
                    "names and codes only) from gazetteers/ and smoothnlp_fin/ of the shared data folder."})
    static final class Build implements Callable<Integer> {
        @Option(names = "--data", required = true, paramLabel = "DIR", description = "The shared data folder (holding gazetteers/ and smoothnlp_fin/).")
        Path data;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Target target;

        static final class Target {
            @Option(names = "--out", paramLabel = "FILE", description = "Write the table (gzip TSV) to FILE.")
            Path out;

            @Option(names = "--model", paramLabel = "DIR", description = "Write it into model directory DIR as " + ModelDir.COMPANIES + " and record its checksum in the card.")
            Path model;
        }

        @Override
        public Integer call() throws Exception {
            if (!Files.isDirectory(data)) {
                throw new UserError("--data " + data + " is not a directory");
            }
            CompanyTable table = TableBuilder.build(data, System.err::println);
            if (target.out != null) {
                OutputFiles.checkWritable(target.out, "--out");
                AtomicFiles.write(target.out, table::write);
            } else {
                ModelDir.of(target.model).addFile(ModelDir.COMPANIES, table::write);
            }
            long listed = table.companies().stream().filter(Company::listed).count();
            System.err.println("wrote " + table.size() + " companies (" + listed + " listed), "
                    + table.aliases().size() + " aliases to " + (target.out != null ? target.out : ModelDir.of(target.model).companies()));
            return 0;
        }
    }

    @Command(name = "measure", mixinStandardHelpOptions = true,
            description = {"Linking figures of docs/RESULTS.md (issue 14), as JSON: (a) alias pairs of the pretraining corpus",
                    "(registered name + 以下简称 X; later X linked without the document rule), (b) CFSC val gold Corporate",
                    "mentions linked; optionally a seeded sample of linked CFSC mentions for a hand check."})
    static final class Measure implements Callable<Integer> {
        @Option(names = "--data", required = true, paramLabel = "DIR", description = "The shared data folder.")
        Path data;

        @Option(names = "--model", paramLabel = "DIR", description = "Model directory whose company table is used (default: models/default).")
        Path model;

        @Option(names = "--articles", defaultValue = "0", paramLabel = "N",
                description = "Also tag the first N corpus articles that declare an alias and report the recall of later alias occurrences with and without the document rule (default ${DEFAULT-VALUE}: skip).")
        int articles;

        @Option(names = "--sample", defaultValue = "300", paramLabel = "N", description = "Linked CFSC val mentions to sample for the hand check (default ${DEFAULT-VALUE}).")
        int sample;

        @Option(names = "--sample-out", paramLabel = "FILE", description = "Write the sample as TSV: document, start, end, record id, score, verdict (empty), no text.")
        Path sampleOut;

        @Option(names = "--sample-view", paramLabel = "FILE", description = "Write the sample with its sentences, for reading (holds data text: keep it out of the repository).")
        Path sampleView;

        @Override
        public Integer call() throws Exception {
            Path dir = model != null ? model : Path.of(System.getProperty("companyner.home", "."), "models", "default");
            CompanyTable table = CompanyTable.read(ModelDir.of(dir).companies());
            org.companyner.link.Linker linker = new org.companyner.link.Linker(table);
            java.util.Map<String, Object> out = new java.util.LinkedHashMap<>();
            out.put("table", ModelDir.of(dir).companies().toString());
            out.put("companies", table.size());
            out.put("corpus_alias_pairs", org.companyner.link.LinkingEval.corpusPairs(
                    data.resolve("fin_news_raw/pretrain_fin_corpus.txt"), linker));
            if (articles > 0) {
                try (org.companyner.runtime.LoadedModel m = org.companyner.runtime.LoadedModel.open(dir, 4096, 2, null)) {
                    out.put("corpus_declared_aliases", org.companyner.link.LinkingEval.declaredAliasRecall(
                            data.resolve("fin_news_raw/pretrain_fin_corpus.txt"), new org.companyner.link.CompanyLinker(linker),
                            m.recognizer()::recognize, articles));
                }
            }
            java.util.List<org.companyner.text.Document> cfsc = org.companyner.io.DataReader.read(
                    data.resolve("cfsc_ner/val.json"), org.companyner.io.Format.parse("cfsc"), org.companyner.io.LabelMap.parse("Corporate"));
            java.util.List<Object[]> linked = new java.util.ArrayList<>();
            out.put("cfsc_val", org.companyner.link.LinkingEval.goldMentions(cfsc, linker, linked));
            if (sampleOut != null || sampleView != null) {
                java.util.List<Object[]> s = new java.util.ArrayList<>(linked);
                java.util.Collections.shuffle(s, new java.util.Random(14));
                s = s.subList(0, Math.min(sample, s.size()));
                s.sort(java.util.Comparator.<Object[]>comparingInt(r -> (Integer) r[0]).thenComparingInt(r -> (Integer) r[1]));
                if (sampleOut != null) {
                    StringBuilder b = new StringBuilder("document\tstart\tend\tid\tscore\tverdict\n");
                    for (Object[] r : s) {
                        b.append(r[0]).append('\t').append(r[1]).append('\t').append(r[2]).append('\t').append(r[3]).append('\t').append(r[4]).append("\t\n");
                    }
                    Files.writeString(sampleOut, b.toString());
                }
                if (sampleView != null) {
                    StringBuilder b = new StringBuilder();
                    for (Object[] r : s) {
                        String text = cfsc.get((Integer) r[0]).text();
                        b.append(r[0]).append('\t').append(r[1]).append('\t').append(r[3]).append('\t')
                                .append(org.companyner.text.CodePoints.substring(text, (Integer) r[1], (Integer) r[2])).append(" → ")
                                .append(table.byId((String) r[3]).name()).append('\t').append(text).append('\n');
                    }
                    Files.writeString(sampleView, b.toString());
                }
            }
            System.out.println(new com.fasterxml.jackson.databind.ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(out));
            return 0;
        }
    }
}
