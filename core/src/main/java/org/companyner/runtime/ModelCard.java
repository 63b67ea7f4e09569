package org.companyner.runtime;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.companyner.UserError;
import org.companyner.model.EncoderConfig;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code model.json}: what a model directory holds and how it was made. Every file the model needs
 * is listed with its SHA-256, checked on load, so a corrupt or missing file is named to the user.
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
    public static final String FILE = "model.json";
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

    /** Reads {@code dir/model.json} and verifies every listed file's SHA-256. */
    public static ModelCard load(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new UserError("model directory not found: " + dir);
        }
        Path file = dir.resolve(FILE);
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
        for (Map.Entry<String, String> f : card.files().entrySet()) {
            Path p = dir.resolve(f.getKey());
            if (!Files.isRegularFile(p)) {
                throw new UserError("model file missing: " + p);
            }
            if (!sha256(p).equals(f.getValue())) {
                throw new UserError("model file corrupt (SHA-256 mismatch): " + p);
            }
        }
        return card;
    }

    /** Writes {@code dir/model.json} atomically. */
    public void save(Path dir) throws IOException {
        Path tmp = dir.resolve(FILE + ".tmp");
        JSON.writeValue(tmp.toFile(), this);
        moveAtomically(tmp, dir.resolve(FILE));
    }

    public static String sha256(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new UserError("cannot read model file " + file + ": " + e.getMessage());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Replaces {@code target} by {@code tmp} in one step where the file system allows it. */
    public static void moveAtomically(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}
