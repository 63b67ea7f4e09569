package org.companyner.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.companyner.runtime.ModelCard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The checkpoint layout shared by {@code train} and {@code pretrain}: {@code checkpoint-STEP/} is
 * written completely, then {@code checkpoint.json} is pointed at it atomically (with the run's state),
 * then older checkpoint folders are dropped. A kill at any moment leaves a pointer to a whole checkpoint.
 */
public final class Checkpoints {
    public static final String POINTER = "checkpoint.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Checkpoints() {
    }

    /** A checkpoint as read back: its folder and the run state stored with it. */
    public record Restored<T>(Path dir, T state) {
    }

    /** Creates (if needed) and returns the folder for the checkpoint of {@code step}. */
    public static Path folder(Path out, long step) throws IOException {
        return Files.createDirectories(out.resolve("checkpoint-" + step));
    }

    /** Points {@code checkpoint.json} at the completely written {@code dir}, with {@code state}; drops older checkpoints. */
    public static void commit(Path out, Path dir, Object state) throws IOException {
        Path tmp = out.resolve(POINTER + ".tmp");
        Map<String, Object> pointer = new LinkedHashMap<>();
        pointer.put("dir", dir.getFileName().toString());
        pointer.put("state", state);
        JSON.writeValue(tmp.toFile(), pointer);
        ModelCard.moveAtomically(tmp, out.resolve(POINTER));
        try (var old = Files.list(out)) {
            for (Path p : old.filter(p -> p.getFileName().toString().startsWith("checkpoint-") && !p.equals(dir)
                    && Files.isDirectory(p)).toList()) {
                try (var files = Files.list(p)) {
                    for (Path f : files.toList()) {
                        Files.delete(f);
                    }
                }
                Files.delete(p);
            }
        }
    }

    /** The checkpoint {@code checkpoint.json} points at. */
    public static <T> Restored<T> read(Path out, Class<T> stateType) throws IOException {
        JsonNode node = JSON.readTree(out.resolve(POINTER).toFile());
        return new Restored<>(out.resolve(node.get("dir").asText()), JSON.treeToValue(node.get("state"), stateType));
    }
}
