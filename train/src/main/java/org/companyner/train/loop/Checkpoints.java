package org.companyner.train.loop;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.companyner.UserError;
import org.companyner.io.AtomicFiles;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The checkpoint layout shared by {@code train} and {@code pretrain}. A checkpoint is a folder
 * {@code checkpoint-STEP/} written completely, then {@code checkpoint.json} is replaced atomically by
 * a pointer that names it (with the run's state and the size and SHA-256 of each of its files) and
 * the checkpoint before it; older folders are dropped. The pointer also fingerprints the run's own
 * files (vocabularies, lexicon) that every checkpoint needs. So a kill at any moment leaves two whole
 * checkpoints, and a corrupt file is found by its fingerprint before anything is loaded: {@code --resume}
 * falls back to the previous checkpoint, and says so, when the newest one is damaged.
 *
 * <p>A new run into a folder that holds an interrupted run is refused unless the caller chose to
 * overwrite it: a forgotten {@code --resume} must not discard hours of training.
 */
public final class Checkpoints {
    public static final String POINTER = "checkpoint.json";
    private static final String PREFIX = "checkpoint-";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Checkpoints() {
    }

    /** What a loop stores with each checkpoint: at least the number of steps done. */
    public interface RunState {
        long step();
    }

    /** A checkpoint as read back: its folder and the run state stored with it. */
    public record Restored<T>(Path dir, T state) {
    }

    /** One checkpoint as the pointer describes it; {@code files} is null in pointers written before fingerprints. */
    private record Entry(String dir, long step, JsonNode state, JsonNode files) {
        ObjectNode toJson() {
            ObjectNode node = JSON.createObjectNode();
            node.put("dir", dir);
            node.put("step", step);
            node.set("state", state);
            if (files != null) {
                node.set("files", files);
            }
            return node;
        }
    }

    /**
     * Decides what a run starts from and clears what it must not see: with {@code resume}, the newest
     * intact checkpoint (or the previous one, with a line on {@code console} saying why), or nothing when
     * {@code out} holds no checkpoint; without it, nothing, after refusing a folder that holds an
     * interrupted run unless {@code overwrite}. Any old checkpoint a new run would mix with its own is removed.
     *
     * @throws UserError when the options conflict, the run cannot resume, or a new run would discard an interrupted one
     */
    public static <T extends RunState> Optional<Restored<T>> begin(Path out, boolean resume, boolean overwrite,
                                                                   Class<T> stateType, PrintStream console) throws IOException {
        if (resume && overwrite) {
            throw new UserError("--resume and --overwrite exclude each other: continue the run in " + out
                    + " or discard it, not both");
        }
        Path pointer = out.resolve(POINTER);
        if (resume) {
            if (Files.exists(pointer)) {
                return Optional.of(restore(out, stateType, console));
            }
            console.println("no checkpoint in " + out + ", starting a new run");
        } else if (Files.exists(pointer) && !overwrite) {
            ObjectNode p;
            try {
                p = readPointer(out);
            } catch (UserError e) {
                throw new UserError(out + " holds a run whose checkpoint cannot be read (" + e.getMessage()
                        + "); use --overwrite to discard it");
            }
            if (!p.path("finished").asBoolean(false)) {
                throw new UserError(out + " holds an interrupted run at step " + entry(out, p).step()
                        + "; use --resume to continue or --overwrite to discard it");
            }
        }
        discard(out);
        return Optional.empty();
    }

    /**
     * Returns an empty folder for the checkpoint of {@code step}: {@code checkpoint-STEP}, or a suffixed
     * name when that one is still committed (a second checkpoint at the same step must not overwrite
     * the one the pointer names).
     */
    public static Path folder(Path out, long step) throws IOException {
        Set<String> committed = committedDirs(out);
        String name = PREFIX + step;
        for (int k = 1; committed.contains(name); k++) {
            name = PREFIX + step + "-" + k;
        }
        Path dir = out.resolve(name);
        deleteTree(dir); // a half-written folder left by a kill
        return Files.createDirectories(dir);
    }

    /**
     * Points {@code checkpoint.json} at the completely written {@code dir}, with {@code state} and the
     * fingerprints of its files and of the run files {@code runFiles} (names in {@code out}); keeps the
     * checkpoint of the step before it and drops older ones.
     */
    public static void commit(Path out, Path dir, RunState state, List<String> runFiles) throws IOException {
        Entry newest = new Entry(dir.getFileName().toString(), state.step(), JSON.valueToTree(state), fingerprints(dir));
        ObjectNode old = readLeniently(out);
        JsonNode previous = null;
        if (old != null) {
            Entry last = entryOrNull(old);
            // a second checkpoint at the same step (a stop right after a scheduled one) replaces the
            // first, so that the two kept are two different steps
            if (last != null && last.step() != newest.step() && !last.dir().equals(newest.dir())) {
                previous = last.toJson();
            } else if (old.hasNonNull("previous")) {
                previous = old.get("previous");
            }
        }
        ObjectNode pointer = newest.toJson();
        if (previous != null) {
            pointer.set("previous", previous);
        }
        ObjectNode run = pointer.putObject("run_files");
        for (String f : runFiles) {
            run.set(f, fingerprint(out.resolve(f)));
        }
        writePointer(out, pointer);
        Set<String> keep = committedDirs(out);
        try (Stream<Path> all = Files.list(out)) {
            for (Path p : all.filter(p -> p.getFileName().toString().startsWith(PREFIX) && Files.isDirectory(p)
                    && !keep.contains(p.getFileName().toString())).toList()) {
                deleteTree(p);
            }
        }
    }

    /** Whether {@code out} holds a run that {@link #finish finished}. */
    public static boolean finished(Path out) {
        ObjectNode pointer = readLeniently(out);
        return pointer != null && pointer.path("finished").asBoolean(false);
    }

    /** Marks the run in {@code out} finished: a new run may then replace it without {@code --overwrite}. */
    public static void finish(Path out) throws IOException {
        ObjectNode pointer = readLeniently(out);
        if (pointer != null) {
            pointer.put("finished", true);
            writePointer(out, pointer);
        }
    }

    /**
     * Drops the rows of a JSON-lines log written after {@code step} (and any torn line), so a run that
     * resumes from an earlier checkpoint than its last log row writes each step's row once.
     */
    public static void trimLog(Path log, long step) throws IOException {
        if (!Files.exists(log)) {
            return;
        }
        List<String> kept = new ArrayList<>();
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            try {
                JsonNode row = JSON.readTree(line);
                if (row != null && row.path("step").canConvertToLong() && row.path("step").asLong() <= step) {
                    kept.add(line);
                }
            } catch (JsonProcessingException e) {
                // a line torn by a kill: the step it logged is trained again
            }
        }
        Path tmp = log.resolveSibling(log.getFileName() + ".tmp");
        Files.write(tmp, kept, StandardCharsets.UTF_8);
        AtomicFiles.moveAtomically(tmp, log);
    }

    private static <T extends RunState> Restored<T> restore(Path out, Class<T> stateType, PrintStream console)
            throws IOException {
        ObjectNode pointer;
        try {
            pointer = readPointer(out);
        } catch (UserError e) {
            throw new UserError("cannot resume: " + e.getMessage() + "; start again with --overwrite");
        }
        Entry newest = entry(out, pointer);
        checkRunFiles(out, pointer, newest.step());
        String problem = problem(out, newest);
        if (problem == null) {
            return restored(out, newest, stateType);
        }
        Entry previous = pointer.hasNonNull("previous") ? entryOrNull(pointer.get("previous")) : null;
        if (previous == null) {
            throw new UserError("cannot resume: " + problem + ", and there is no earlier checkpoint; start again with --overwrite");
        }
        String second = problem(out, previous);
        if (second != null) {
            throw new UserError("cannot resume: " + problem + ", and the previous checkpoint is damaged too: " + second
                    + "; start again with --overwrite");
        }
        console.println("the checkpoint at step " + newest.step() + " is unusable: " + problem
                + "; resuming from the previous checkpoint at step " + previous.step());
        Restored<T> restored = restored(out, previous, stateType);
        ObjectNode rewritten = previous.toJson();
        if (pointer.has("run_files")) {
            rewritten.set("run_files", pointer.get("run_files"));
        }
        writePointer(out, rewritten); // the damaged folder goes with the next commit
        return restored;
    }

    private static <T> Restored<T> restored(Path out, Entry e, Class<T> stateType) {
        try {
            return new Restored<>(out.resolve(e.dir()), JSON.treeToValue(e.state(), stateType));
        } catch (JsonProcessingException ex) {
            throw new UserError(out.resolve(POINTER) + ": the state stored for step " + e.step()
                    + " does not fit this kind of run (" + ex.getOriginalMessage() + ")");
        }
    }

    /** What is wrong with a checkpoint's folder, or null when every file matches its fingerprint. */
    private static String problem(Path out, Entry e) {
        Path dir = out.resolve(e.dir());
        if (!Files.isDirectory(dir)) {
            return dir + " is missing";
        }
        if (e.files() == null) {
            return null; // written before fingerprints: the loaders still check what they read
        }
        for (var it = e.files().fields(); it.hasNext(); ) {
            var f = it.next();
            String p = fileProblem(dir.resolve(f.getKey()), f.getValue());
            if (p != null) {
                return p;
            }
        }
        return null;
    }

    private static void checkRunFiles(Path out, ObjectNode pointer, long step) {
        for (var it = pointer.path("run_files").fields(); it.hasNext(); ) {
            var f = it.next();
            String p = fileProblem(out.resolve(f.getKey()), f.getValue());
            if (p != null) {
                throw new UserError(p + "; every checkpoint of the run (the newest is at step " + step
                        + ") needs it as it was written: restore it or start again with --overwrite");
            }
        }
    }

    private static String fileProblem(Path file, JsonNode expected) {
        if (!Files.isRegularFile(file)) {
            return file + " is missing";
        }
        long bytes = expected.path("bytes").asLong(-1);
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            return file + " cannot be read (" + e.getMessage() + ")";
        }
        if (size == 0 && bytes != 0) {
            return file + " is empty (it had " + bytes + " bytes)";
        }
        if (size < bytes) {
            return file + " is truncated (" + size + " of " + bytes + " bytes)";
        }
        if (size != bytes || !AtomicFiles.sha256(file).equals(expected.path("sha256").asText())) {
            return file + " is corrupt (its SHA-256 differs from the one recorded when it was written)";
        }
        return null;
    }

    private static ObjectNode fingerprints(Path dir) throws IOException {
        ObjectNode files = JSON.createObjectNode();
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path f : all.filter(Files::isRegularFile).sorted().toList()) {
                files.set(dir.relativize(f).toString(), fingerprint(f));
            }
        }
        return files;
    }

    private static ObjectNode fingerprint(Path file) throws IOException {
        ObjectNode node = JSON.createObjectNode();
        node.put("bytes", Files.size(file));
        node.put("sha256", AtomicFiles.sha256(file));
        return node;
    }

    /** The pointer, or a {@link UserError} naming {@code checkpoint.json} and what is wrong with it. */
    private static ObjectNode readPointer(Path out) {
        Path file = out.resolve(POINTER);
        JsonNode node;
        try {
            if (Files.size(file) == 0) {
                throw new UserError(file + " is empty");
            }
            node = JSON.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new UserError(file + " is not valid JSON (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw new UserError("cannot read " + file + ": " + e.getMessage());
        }
        if (!(node instanceof ObjectNode pointer)) {
            throw new UserError(file + " is not a checkpoint pointer (no JSON object)");
        }
        entry(out, pointer);
        return pointer;
    }

    /** The newest checkpoint the pointer names, or a {@link UserError} saying which field is wrong. */
    private static Entry entry(Path out, JsonNode pointer) {
        Entry e = entryOrNull(pointer);
        if (e == null) {
            throw new UserError(out.resolve(POINTER) + " is not a checkpoint pointer: it needs a \"dir\" "
                    + PREFIX + "STEP and a \"state\" with a \"step\"");
        }
        return e;
    }

    private static Entry entryOrNull(JsonNode node) {
        String dir = node.path("dir").asText("");
        JsonNode state = node.get("state");
        // a plain folder name: a pointer must not lead the loaders (or the clean-up) out of the run folder
        if (!dir.startsWith(PREFIX) || dir.contains("/") || dir.contains("\\") || dir.contains("..")
                || state == null || !state.isObject()) {
            return null;
        }
        JsonNode step = node.has("step") ? node.get("step") : state.get("step");
        if (step == null || !step.canConvertToLong()) {
            return null;
        }
        JsonNode files = node.get("files");
        return new Entry(dir, step.asLong(), state, files != null && files.isObject() ? files : null);
    }

    private static ObjectNode readLeniently(Path out) {
        try {
            return Files.exists(out.resolve(POINTER)) ? readPointer(out) : null;
        } catch (UserError e) {
            return null;
        }
    }

    private static Set<String> committedDirs(Path out) {
        ObjectNode p = readLeniently(out);
        if (p == null) {
            return Set.of();
        }
        Entry newest = entryOrNull(p);
        Entry previous = p.hasNonNull("previous") ? entryOrNull(p.get("previous")) : null;
        return Stream.of(newest, previous).filter(e -> e != null).map(Entry::dir)
                .collect(java.util.stream.Collectors.toSet());
    }

    /** Replaces the pointer atomically, its bytes on disk first (a crash must not leave an empty pointer). */
    private static void writePointer(Path out, ObjectNode pointer) throws IOException {
        Path tmp = out.resolve(POINTER + ".tmp");
        Files.write(tmp, JSON.writeValueAsBytes(pointer));
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        AtomicFiles.moveAtomically(tmp, out.resolve(POINTER));
    }

    /** Removes the pointer and every checkpoint folder: a new run starts without them. */
    private static void discard(Path out) throws IOException {
        Files.deleteIfExists(out.resolve(POINTER));
        if (!Files.isDirectory(out)) {
            return;
        }
        try (Stream<Path> all = Files.list(out)) {
            for (Path p : all.filter(p -> p.getFileName().toString().startsWith(PREFIX) && Files.isDirectory(p)).toList()) {
                deleteTree(p);
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
