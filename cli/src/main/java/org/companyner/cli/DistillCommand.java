package org.companyner.cli;

import org.companyner.UserError;
import org.companyner.train.Distillation;
import org.companyner.train.TrainConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * {@code distill}: trains a student on a teacher's labels of a corpus (stage 1: hard path + soft marginals +
 * input noise), then on gold data (stage 2) — {@link Distillation} with the {@code train} options as the base.
 */
@Command(name = "distill", mixinStandardHelpOptions = true,
        description = {"Teacher → student distillation: stage 1 on the teacher's labels (bulk --marginals output; CRF loss on",
                "its path + --soft-weight × KL to its marginals, --char-dropout noise), stage 2 on --gold. The train options",
                "(--arch, --init, --lexicon, --dev, learning rates...) are the base of both stages; --resume continues."})
final class DistillCommand extends TrainCommand {
    static final float DEFAULT_SOFT_WEIGHT = 1f;
    static final float DEFAULT_CHAR_DROPOUT = 0.1f;

    @Option(names = "--labels", required = true, paramLabel = "FILE",
            description = "The teacher's labels: JSONL with entities and marginals (bulk --marginals, part files concatenated).")
    Path labels;
    @Option(names = "--gold", paramLabel = "FILE", description = "Gold training data for stage 2 (none: the teacher stage only).")
    Path gold;
    @Option(names = "--gold-format", defaultValue = "cluener", paramLabel = "FORMAT", description = "Format of --gold (default ${DEFAULT-VALUE}).")
    String goldFormat;
    @Option(names = "--gold-label", defaultValue = "company", paramLabel = "LABEL", description = "Company label(s) of --gold (default ${DEFAULT-VALUE}).")
    String goldLabel;
    @Option(names = "--teacher-steps", defaultValue = "2000", paramLabel = "N", description = "Step budget of stage 1 (default ${DEFAULT-VALUE}).")
    int teacherSteps;
    @Option(names = "--gold-steps", defaultValue = "1500", paramLabel = "N", description = "Step budget of stage 2 (default ${DEFAULT-VALUE}).")
    int goldSteps;

    @Override
    public Integer call() throws Exception {
        if (stages != null || data != null || config != null) {
            throw new UserError("distill builds its own stages from --labels and --gold: --stages, --data and --config do not apply");
        }
        if (out == null) {
            throw new UserError("distill needs --out");
        }
        TrainConfig base = configuration(labels);
        float soft = matched("--soft-weight") ? softWeight : DEFAULT_SOFT_WEIGHT;
        float noise = matched("--char-dropout") ? charDropout : DEFAULT_CHAR_DROPOUT;
        Distillation.Plan plan = new Distillation.Plan(labels, gold, goldFormat, goldLabel, teacherSteps, goldSteps,
                soft, noise, teacherUnknownBelow);
        Distillation.run(base, plan, out, resume, System.err);
        return 0;
    }

    private boolean matched(String option) {
        return spec.commandLine().getParseResult().hasMatchedOption(option);
    }
}
