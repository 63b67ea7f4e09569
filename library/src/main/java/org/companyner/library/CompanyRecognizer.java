package org.companyner.library;

import org.companyner.UserError;
import org.companyner.runtime.LoadedModel;
import org.companyner.runtime.ModelCard;
import org.companyner.runtime.ModelDir;
import org.companyner.text.Entity;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * Finds company names in Chinese text and links each to a registered company, as a library:
 *
 * <pre>{@code
 * try (CompanyRecognizer r = CompanyRecognizer.load()) {
 *     for (CompanyMention m : r.recognize("贵州茅台酒股份有限公司（以下简称“茅台”）今日公告，茅台营收增长。")) {
 *         System.out.println(m.start() + " " + m.end() + " " + m.text() + " " + (m.link() == null ? "-" : m.link().code()));
 *     }
 * }
 * }</pre>
 *
 * Thread-safe: one instance may be shared by any number of threads (calls to the model take turns; a
 * call with many texts batches them). Offsets are {@code [start, end)} in Unicode code points of the
 * text given. Close it to free the native ONNX Runtime session (and the default model's temporary copy).
 */
public final class CompanyRecognizer implements AutoCloseable {
    /** Where the default model's files lie on the classpath (artifact {@code company-ner-model-default}). */
    static final String DEFAULT_MODEL = "org/companyner/models/default/";
    private static final int BATCH_TOKENS = 4096;

    private final LoadedModel model;
    private final Path extracted;
    private final ReentrantLock lock = new ReentrantLock();
    private boolean closed;

    private CompanyRecognizer(LoadedModel model, Path extracted) {
        this.model = model;
        this.extracted = extracted;
    }

    /**
     * The default model, read from the classpath.
     *
     * @throws UserError when {@code company-ner-model-default} is not on the classpath, or its files are corrupt
     */
    public static CompanyRecognizer load() {
        ClassLoader loader = CompanyRecognizer.class.getClassLoader();
        if (loader.getResource(DEFAULT_MODEL + ModelDir.CARD) == null) {
            throw new UserError("the default model is not on the classpath: add the dependency "
                    + "org.companyner:company-ner-model-default, or use CompanyRecognizer.load(modelDir)");
        }
        Path dir;
        try {
            dir = Files.createTempDirectory("company-ner-model");
            copy(loader, ModelDir.CARD, dir);
            ModelCard card = ModelDir.of(dir).card();
            for (String f : card.files().keySet()) {
                copy(loader, f, dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the default model to a temporary directory", e);
        }
        try {
            return new CompanyRecognizer(LoadedModel.open(dir, BATCH_TOKENS, threads(), null), dir);
        } catch (RuntimeException e) {
            delete(dir);
            throw e;
        }
    }

    /**
     * The model in {@code modelDir} (as written by {@code company-ner train} / {@code export}); mentions are
     * linked when the model has a company table.
     *
     * @throws UserError when the directory, a file or its checksum is wrong
     */
    public static CompanyRecognizer load(Path modelDir) {
        return new CompanyRecognizer(LoadedModel.open(modelDir, BATCH_TOKENS, threads(), null), null);
    }

    /** The company mentions of {@code text}, sorted by start, disjoint, linked where the company is known. */
    public List<CompanyMention> recognize(String text) {
        return recognize(List.of(text), true).get(0);
    }

    /**
     * The company mentions of each text, in order (one model call for all: faster than one call each).
     *
     * @param link false: the model's mentions only, every {@code link} null (as {@code tag --no-link})
     */
    public List<List<CompanyMention>> recognize(List<String> texts, boolean link) {
        List<List<Entity>> found;
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("CompanyRecognizer is closed");
            }
            found = model.recognizer().recognize(texts);
        } finally {
            lock.unlock();
        }
        if (link && model.linker() != null) {
            found = model.linker().linkAll(texts, found); // immutable: outside the lock
        }
        List<List<CompanyMention>> out = new ArrayList<>(found.size());
        for (List<Entity> entities : found) {
            out.add(entities.stream().map(e -> new CompanyMention(e.start(), e.end(), e.text(), e.score(), e.link())).toList());
        }
        return out;
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (!closed) {
                closed = true;
                model.close();
                if (extracted != null) {
                    delete(extracted);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private static void copy(ClassLoader loader, String name, Path dir) throws IOException {
        try (InputStream in = loader.getResourceAsStream(DEFAULT_MODEL + name)) {
            if (in == null) {
                throw new UserError("the default model on the classpath lacks " + name);
            }
            Files.copy(in, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static int threads() {
        return Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory: the operating system cleans up what remains
        }
    }
}
