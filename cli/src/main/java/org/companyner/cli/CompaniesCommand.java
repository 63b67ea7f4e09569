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
        subcommands = CompaniesCommand.Build.class)
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
}
