package org.companyner.cli;

import org.companyner.UserError;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** {@code company-ner}: finds company names in Chinese text; train, evaluate and tag. */
@Command(name = "company-ner", mixinStandardHelpOptions = true, version = "company-ner 0.1.0",
        description = "Finds company names in Chinese text (financial news first).",
        subcommands = {TagCommand.class, EvalCommand.class, TrainCommand.class, PretrainCommand.class, ExportCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "choose a command");
    }

    public static void main(String[] args) {
        // UTF-8 whatever the platform charset: tag writes Chinese JSON lines to standard output
        System.exit(run(args, new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true),
                new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true)));
    }

    /** Runs the command line; returns the exit code (0 ok, 1 internal error, 2 usage or input error). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof UserError) {
                err.println("error: " + e.getMessage());
                return 2;
            }
            err.println("error: internal failure: " + e);
            if (System.getenv("COMPANY_NER_DEBUG") != null) {
                e.printStackTrace(err);
            }
            return 1;
        });
        return cli.execute(args);
    }
}
