package org.companyner.train;

import org.companyner.UserError;
import org.companyner.eval.Scores;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Teacher → student distillation as two stages of the one training loop (the published system's second
 * lever; Xie et al. 2020, "Self-training with Noisy Student"): stage 1 learns from a teacher's labels of an
 * unlabelled corpus — the CRF loss on the teacher's decoded path (positions where the teacher is unsure may
 * be left unknown) plus {@code softWeight} × KL(teacher marginals ‖ the student's own, see
 * {@link org.companyner.nn.CrfLoss#distillation}), with input noise ({@code charDropout}); stage 2 continues
 * on gold data without noise or soft term. The teacher's labels are JSONL with marginals, as {@code bulk
 * --marginals} writes them (an ensemble teacher: {@code bulk --model A,B,C}).
 */
public final class Distillation {
    private Distillation() {
    }

    /**
     * What a distillation run needs beyond the base configuration.
     *
     * @param teacherLabels  the teacher's labels of the corpus (JSONL with marginals)
     * @param gold           gold training data for stage 2; null = no gold stage
     * @param goldFormat     its format; {@code goldLabel} its company label(s)
     * @param teacherSteps   step budget of stage 1; {@code goldSteps} of stage 2
     * @param softWeight     weight of the soft term in stage 1
     * @param charDropout    input noise in stage 1
     * @param unknownBelow   teacher confidence under which a position is unknown in stage 1's hard loss
     */
    public record Plan(Path teacherLabels, Path gold, String goldFormat, String goldLabel, int teacherSteps,
                       int goldSteps, float softWeight, float charDropout, float unknownBelow) {
        public Plan {
            if (teacherLabels == null) {
                throw new UserError("distillation needs the teacher's labels (--labels)");
            }
        }
    }

    /**
     * The stages of {@code plan} on top of {@code base} (the model, its initialisation, learning rates, dev
     * set, seed...), written into {@code out/stage-1-teacher} and {@code out/stage-2-gold}.
     */
    public static List<Stages.Stage> stages(TrainConfig base, Plan plan, Path out) {
        if (!Files.isRegularFile(plan.teacherLabels())) {
            throw new UserError("teacher labels " + plan.teacherLabels() + " not found (write them with bulk --marginals)");
        }
        Path teacherDir = out.resolve("stage-1-teacher");
        TrainConfig teacher = base.toBuilder().train(plan.teacherLabels()).format("jsonl").label("COMPANY")
                .steps(plan.teacherSteps()).softWeight(plan.softWeight()).charDropout(plan.charDropout())
                .teacherUnknownBelow(plan.unknownBelow()).out(teacherDir).build();
        if (plan.gold() == null) {
            return List.of(new Stages.Stage("teacher", teacher));
        }
        TrainConfig gold = base.toBuilder().train(plan.gold()).format(plan.goldFormat()).label(plan.goldLabel())
                .steps(plan.goldSteps()).softWeight(0).charDropout(0).teacherUnknownBelow(0)
                .init(null).continueFrom(teacherDir).out(out.resolve("stage-2-gold")).build();
        return List.of(new Stages.Stage("teacher", teacher), new Stages.Stage("gold", gold));
    }

    /** Runs {@link #stages} (resumable like every staged run); returns the last stage's dev scores. */
    public static Scores run(TrainConfig base, Plan plan, Path out, boolean resume, PrintStream console)
            throws IOException {
        return Stages.run(stages(base, plan, out), resume, console);
    }
}
