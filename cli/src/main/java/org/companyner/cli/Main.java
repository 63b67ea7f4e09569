package org.companyner.cli;

import org.companyner.UserError;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.List;

/** {@code company-ner}: finds company names in Chinese text; train, evaluate and tag. */
@Command(name = "company-ner", mixinStandardHelpOptions = true, version = "company-ner 0.1.0",
        description = "Finds company names in Chinese text (financial news first).",
        subcommands = {TagCommand.class, ReviewCommand.class, EvalCommand.class, CompaniesCommand.class, SourcesCommand.class, RepairCommand.class, OutlineCommand.class, TrainCommand.class, DistillCommand.class, PretrainCommand.class, ExportCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "choose a command (" + commands(spec) + ")");
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
        cli.setExecutionStrategy(Main::rejectUnmatchedThenRun);
        cli.setParameterExceptionHandler((e, arguments) -> {
            String message = e instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()
                    ? unmatched(e.getCommandLine().getCommandSpec(), u.getUnmatched().get(0))
                    : firstLine(e.getMessage());
            err.println("error: " + message + " (see '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
            return 2;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof UserError) {
                err.println("error: " + e.getMessage());
                return 2;
            }
            if (e instanceof FileSystemException f) {
                err.println("error: " + describe(f));
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

    /**
     * Picocli lets {@code --help} win over arguments it could not match, so {@code company-ner
     * no-such-command --help} would print the usage and exit 0; an unknown command or a stray
     * argument is an error whatever else the line asks for.
     */
    private static int rejectUnmatchedThenRun(ParseResult parsed) {
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            List<String> unmatched = p.unmatched();
            if (!unmatched.isEmpty()) {
                throw new ParameterException(p.commandSpec().commandLine(), unmatched(p.commandSpec(), unmatched.get(0)));
            }
        }
        return new CommandLine.RunLast().execute(parsed);
    }

    /** An argument no option or parameter of {@code spec} takes: at the top level a word is an unknown command. */
    private static String unmatched(CommandLine.Model.CommandSpec spec, String argument) {
        if (spec.parent() == null && !argument.startsWith("-")) {
            return "unknown command '" + argument + "' (commands: " + commands(spec) + ", serve, bulk)";
        }
        return "unknown " + (argument.startsWith("-") ? "option" : "argument") + " '" + argument + "'";
    }

    private static String commands(CommandLine.Model.CommandSpec spec) {
        return String.join(", ", spec.subcommands().keySet());
    }

    /** One line for a file the operating system refused, e.g. output into a missing directory. */
    static String describe(FileSystemException e) {
        String file = e.getFile();
        if (e instanceof NoSuchFileException) {
            return "no such file or directory: " + file;
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied: " + file;
        }
        return "cannot access " + file + (e.getReason() == null ? "" : ": " + e.getReason());
    }

    private static String firstLine(String message) {
        return message == null ? "invalid command line" : message.lines().findFirst().orElse(message);
    }
}
