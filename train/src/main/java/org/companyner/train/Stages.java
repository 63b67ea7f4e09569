package org.companyner.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.companyner.UserError;
import org.companyner.eval.Scores;
import org.companyner.train.loop.Checkpoints;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Multi-stage training (the published system's outline → detail stages): each stage is a full training run
 * in {@code OUT/stage-N-NAME/} that continues the previous stage's model ({@link TrainConfig#continueFrom}), e.g.
 * stage 1 on the machine-labelled outline set (partial labels, confidence weights, early stopping on a gold dev
 * set), stage 2 on gold data. A recipe is JSON: {@code {"stages": [{"name": "outline", "train": "...", ...}, ...]}},
 * each stage holding {@link TrainConfig} fields that override the base configuration (the command's options) and,
 * from the second stage on, the previous stage's fields. Resumable across stages: a finished stage is kept, an
 * interrupted one resumes.
 */
public final class Stages {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Stages() {
    }

    /** One stage: its name and its complete configuration. */
    public record Stage(String name, TrainConfig config) {
    }

    /**
     * The stages of {@code recipe} on top of {@code base}, each writing into {@code out/stage-N-NAME}.
     *
     * @throws UserError naming the recipe when it is unreadable or a stage is not a valid configuration
     */
    public static List<Stage> read(Path recipe, TrainConfig base, Path out) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(recipe));
        } catch (IOException e) {
            throw new UserError("cannot read the stage recipe " + recipe + ": " + e.getMessage().lines().findFirst().orElse(""));
        }
        JsonNode stages = root == null ? null : root.get("stages");
        if (stages == null || !stages.isArray() || stages.isEmpty()) {
            throw new UserError(recipe + ": a recipe is {\"stages\": [{...}, ...]} with at least one stage");
        }
        ObjectNode current = JSON.valueToTree(base);
        List<Stage> out2 = new ArrayList<>();
        Path previous = null;
        int n = 1;
        for (JsonNode stage : stages) {
            if (!stage.isObject()) {
                throw new UserError(recipe + ": stage " + n + " is not an object");
            }
            String name = stage.path("name").asText("stage");
            for (Iterator<Map.Entry<String, JsonNode>> it = stage.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                if (!f.getKey().equals("name")) {
                    current.set(f.getKey(), f.getValue());
                }
            }
            Path dir = out.resolve("stage-" + n + "-" + name.replaceAll("[^A-Za-z0-9_.-]", "_"));
            current.put("out", dir.toUri().toString());
            if (previous != null) {
                current.putNull("init"); // only the first stage starts from a pretrained encoder
                current.put("continueFrom", previous.toUri().toString());
            }
            TrainConfig cfg;
            try {
                cfg = JSON.treeToValue(current, TrainConfig.class);
            } catch (IOException | IllegalArgumentException e) {
                throw new UserError(recipe + ": stage " + n + " (" + name + ") is not a valid configuration: "
                        + e.getMessage().lines().findFirst().orElse(""));
            }
            out2.add(new Stage(name, cfg));
            previous = dir;
            n++;
        }
        return out2;
    }

    /**
     * Runs every stage in order; a stage whose run already finished is skipped, an interrupted one resumes
     * when {@code resume}. Returns the last stage's dev scores (null when every stage had finished before).
     */
    public static Scores run(List<Stage> stages, boolean resume, PrintStream console) throws IOException {
        Scores last = null;
        for (int i = 0; i < stages.size(); i++) {
            Stage s = stages.get(i);
            Path out = s.config().out();
            if (Checkpoints.finished(out) && Files.isRegularFile(out.resolve("model.json"))) {
                console.printf("stage %d/%d (%s): finished earlier in %s%n", i + 1, stages.size(), s.name(), out);
                continue;
            }
            console.printf("stage %d/%d (%s): %s → %s%n", i + 1, stages.size(), s.name(), s.config().train(), out);
            boolean interrupted = Files.exists(out.resolve(Checkpoints.POINTER));
            last = new Trainer(s.config(), console).run(resume && interrupted, false);
        }
        return last;
    }
}
