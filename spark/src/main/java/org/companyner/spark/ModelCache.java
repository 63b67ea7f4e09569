package org.companyner.spark;

import org.apache.spark.SparkEnv;
import org.apache.spark.SparkFiles;
import org.companyner.UserError;
import org.companyner.runtime.Annotator;
import org.companyner.runtime.Ensemble;
import org.companyner.link.CompanyLinker;
import org.companyner.runtime.LoadedModel;

import java.io.Serializable;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One open model per executor JVM, shared by all tasks that run there. Spark deserialises a fresh copy
 * of the tagging function for every task, so only a static outlives a task: this is the one piece of
 * static mutable state in the project, on purpose. Models stay open until the JVM exits (an executor
 * tags one model for its whole life; ONNX Runtime sessions allow concurrent runs).
 */
final class ModelCache {
    /** Stack for loading a model: ONNX Runtime's loader overflowed a 1 MB thread stack (see ServeCommand). */
    private static final long LOADER_STACK = 16L << 20;
    private static final Map<Spec, LoadedModel> OPEN = new ConcurrentHashMap<>();
    private static final Map<Spec, Annotator> ANNOTATORS = new ConcurrentHashMap<>();

    /** What identifies an open model: the directory as configured, and the session settings. */
    record Spec(String dir, int batchTokens, int threads) implements Serializable {
    }

    private ModelCache() {
    }

    /** The model for {@code spec}, opened (and self-checked) by the first task of this JVM that asks. */
    static LoadedModel get(Spec spec) {
        return OPEN.computeIfAbsent(spec, ModelCache::open);
    }

    /**
     * What tags for {@code spec}: the model's recognizer, or, when {@code spec.dir()} lists several directories
     * separated by commas, an {@link Ensemble} of them (a distillation teacher; each member opened once).
     */
    static Annotator annotator(Spec spec) {
        return ANNOTATORS.computeIfAbsent(spec, s -> {
            List<Spec> members = members(s);
            return members.size() == 1 ? get(members.get(0)).recognizer()
                    : new Ensemble(members.stream().map(m -> get(m).recognizer()).toList());
        });
    }

    /**
     * The company linker for {@code spec}: the first model's (for an ensemble too), or null when that model has
     * no company table.
     */
    static CompanyLinker linker(Spec spec) {
        return get(members(spec).get(0)).linker();
    }

    /** The one-model specs of {@code spec}: one per comma-separated directory. */
    static List<Spec> members(Spec spec) {
        return Arrays.stream(spec.dir().split(",")).map(String::strip).filter(d -> !d.isEmpty())
                .map(d -> new Spec(d, spec.batchTokens(), spec.threads())).toList();
    }

    private static LoadedModel open(Spec spec) {
        Path dir = resolve(spec.dir());
        LoadedModel[] model = {null};
        RuntimeException[] failure = {null};
        Thread loader = new Thread(null, () -> {
            try {
                model[0] = LoadedModel.open(dir, spec.batchTokens(), spec.threads(), null);
            } catch (RuntimeException e) {
                failure[0] = e;
            }
        }, "company-ner-model-loader", LOADER_STACK);
        loader.start();
        try {
            loader.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while loading " + dir, e);
        }
        if (failure[0] != null) {
            throw failure[0];
        }
        return model[0];
    }

    /**
     * The model directory on this host: {@code dir} itself when it exists (a local run or a shared path),
     * else the file Spark shipped under that name ({@code spark-submit --archives model.tgz#dir} or
     * {@code --files}).
     *
     * @throws UserError naming the host when neither exists
     */
    static Path resolve(String dir) {
        Path path = Path.of(dir);
        if (Files.isDirectory(path)) {
            return path;
        }
        if (SparkEnv.get() != null) {
            Path shipped = Path.of(SparkFiles.get(path.getFileName().toString()));
            if (Files.isDirectory(shipped)) {
                return shipped;
            }
            Path inWorkDir = Path.of(path.getFileName().toString()); // YARN unpacks --archives into the container's directory
            if (Files.isDirectory(inWorkDir)) {
                return inWorkDir;
            }
        }
        throw new UserError("model directory " + dir + " not found on " + host()
                + ": give a path every executor sees, or ship it with spark-submit --archives model.tgz#"
                + path.getFileName());
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "this host";
        }
    }
}
