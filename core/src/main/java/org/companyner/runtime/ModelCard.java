package org.companyner.runtime;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.companyner.UserError;
import org.companyner.model.EncoderConfig;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code model.json}: what a model directory holds and how it was made. Every file the model needs
 * is listed with its SHA-256, checked on load ({@link ModelDir#verify}), so a corrupt or missing file
 * is named to the user. Reading and writing the card's file is {@link ModelDir}'s job.
 *
 * @param name     model name
 * @param config   encoder preset with vocabulary sizes
 * @param files    file name → SHA-256 (hex)
 * @param training how it was trained: data, label, steps, seed, time, command, commit
 * @param metrics  measured quality (dev F1 and so on)
 * @param selfCheck probe emissions recorded at export, recomputed on load ({@link SelfCheck}); null in
 *                 cards written before it existed
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelCard(String name, EncoderConfig config, Map<String, String> files,
                        Map<String, Object> training, Map<String, Object> metrics, SelfCheck selfCheck) {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @com.fasterxml.jackson.annotation.JsonCreator
    public ModelCard {
        files = files == null ? Map.of() : new LinkedHashMap<>(files);
        training = training == null ? Map.of() : new LinkedHashMap<>(training);
        metrics = metrics == null ? Map.of() : new LinkedHashMap<>(metrics);
    }

    /** A card without a self-check (it is added by {@link #withSelfCheck} once the graph exists). */
    public ModelCard(String name, EncoderConfig config, Map<String, String> files,
                     Map<String, Object> training, Map<String, Object> metrics) {
        this(name, config, files, training, metrics, null);
    }

    /** This card with {@code check} recorded. */
    public ModelCard withSelfCheck(SelfCheck check) {
        return new ModelCard(name, config, files, training, metrics, check);
    }

    /**
     * Reads a card file ({@link ModelDir#verify} also checks the files it lists).
     *
     * @throws UserError naming the file when it is missing, unreadable or has no config
     */
    static ModelCard read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new UserError("model card missing: " + file);
        }
        ModelCard card;
        try {
            card = JSON.readValue(file.toFile(), ModelCard.class);
        } catch (IOException | IllegalArgumentException e) {
            throw new UserError("model card unreadable: " + file + " (" + firstLine(e.getMessage()) + ")");
        }
        if (card.config() == null) {
            throw new UserError("model card has no config: " + file);
        }
        return card;
    }

    /** Writes this card as indented JSON (the stream is left open). */
    void write(OutputStream out) throws IOException {
        JSON.writer().without(com.fasterxml.jackson.core.JsonGenerator.Feature.AUTO_CLOSE_TARGET).writeValue(out, this);
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}
