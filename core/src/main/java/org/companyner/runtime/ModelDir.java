package org.companyner.runtime;

import org.companyner.UserError;
import org.companyner.io.AtomicFiles;
import org.companyner.model.EncoderConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A model directory: the one place that knows its file names, which of them a model needs, their
 * checksums, and how files in it are replaced (atomically, so a server never reads half a file).
 *
 * <p>Layout: {@value #CARD} (the {@link ModelCard}), {@value #VOCAB}, {@value #BIGRAMS},
 * {@value #LEXICON} (only for models with gazetteer features), {@value #PARAMS} (DJL parameters, in
 * trained models and exports that keep them), {@value #GRAPH} and {@value #CRF} (what ONNX Runtime
 * serves).
 *
 * @param path the directory
 */
public record ModelDir(Path path) {
    /** The model card: configuration, provenance and a SHA-256 per file. */
    public static final String CARD = "model.json";
    /** Character vocabulary ({@link org.companyner.vocab.CharVocab}). */
    public static final String VOCAB = "vocab.txt";
    /** Bigram vocabulary ({@link org.companyner.vocab.BigramVocab}). */
    public static final String BIGRAMS = "bigrams.txt";
    /** Gazetteer ({@link org.companyner.lexicon.Gazetteer}); only when {@link EncoderConfig#lexicon()}. */
    public static final String LEXICON = "lexicon.txt";
    /** The encoder's DJL parameters (training module), for fine-tuning and re-export. */
    public static final String PARAMS = "params.ndl";
    /** The ONNX graph ({@link OnnxEmitter}). */
    public static final String GRAPH = "model.onnx";
    /** The CRF parameters: {@code {"transitions": [[..]], "start": [..], "end": [..]}}. */
    public static final String CRF = "crf.json";

    /**
     * The company table the mentions are linked to ({@link org.companyner.link.CompanyTable}); optional:
     * a model whose card lists it links, one without does not.
     */
    public static final String COMPANIES = "companies.tsv.gz";

    public ModelDir {
        Objects.requireNonNull(path, "path");
    }

    /** The directory {@code path}. */
    public static ModelDir of(Path path) {
        return new ModelDir(path);
    }

    /**
     * The files a model of {@code config} needs, in the order its card lists them: vocabularies, the
     * lexicon when the model uses one, the DJL parameters when {@code params}, then graph and CRF.
     */
    public static List<String> files(EncoderConfig config, boolean params) {
        List<String> out = new ArrayList<>(List.of(VOCAB, BIGRAMS));
        if (config.lexicon()) {
            out.add(LEXICON);
        }
        if (params) {
            out.add(PARAMS);
        }
        out.add(GRAPH);
        out.add(CRF);
        return List.copyOf(out);
    }

    /** The file {@code name} in this directory. */
    public Path resolve(String name) {
        return path.resolve(name);
    }

    public Path cardFile() {
        return resolve(CARD);
    }

    public Path vocab() {
        return resolve(VOCAB);
    }

    public Path bigrams() {
        return resolve(BIGRAMS);
    }

    public Path lexicon() {
        return resolve(LEXICON);
    }

    public Path params() {
        return resolve(PARAMS);
    }

    public Path graph() {
        return resolve(GRAPH);
    }

    public Path crf() {
        return resolve(CRF);
    }

    /**
     * File name → SHA-256 (hex) of each named file, in the given order: what a card's {@code files} holds.
     *
     * @throws UserError naming a file that cannot be read
     */
    public Map<String, String> checksums(Collection<String> names) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : names) {
            out.put(name, AtomicFiles.sha256(resolve(name)));
        }
        return out;
    }

    /** {@link #checksums(Collection)} of {@link #files(EncoderConfig, boolean)}. */
    public Map<String, String> checksums(EncoderConfig config, boolean params) {
        return checksums(files(config, params));
    }

    /**
     * Writes the file {@code name} through a temporary sibling that replaces it only once complete;
     * on failure the old file (if any) is left as it was and no partial file remains. Creates the
     * directory if needed.
     */
    public void writeAtomically(String name, AtomicFiles.Content writer) throws IOException {
        Files.createDirectories(path);
        AtomicFiles.write(resolve(name), writer);
    }

    public Path companies() {
        return resolve(COMPANIES);
    }

    /**
     * Writes the file {@code name} atomically and records its SHA-256 in the card (after the files
     * the card lists already), so that {@link #verify} checks it from then on. The card's other files
     * must verify.
     */
    public void addFile(String name, AtomicFiles.Content writer) throws IOException {
        ModelCard card = verify(name); // the file being replaced may be missing or damaged: that is why it is rebuilt
        writeAtomically(name, writer);
        Map<String, String> files = new LinkedHashMap<>(card.files());
        files.put(name, AtomicFiles.sha256(resolve(name)));
        save(new ModelCard(card.name(), card.config(), files, card.training(), card.metrics(), card.selfCheck()));
    }

    /** Writes {@code card} as {@value #CARD}, atomically. */
    public void save(ModelCard card) throws IOException {
        writeAtomically(CARD, card::write);
    }

    /**
     * The card, read without checking the files it lists (see {@link #verify}).
     *
     * @throws UserError when the directory or card is missing or the card is unreadable
     */
    public ModelCard card() {
        if (!Files.isDirectory(path)) {
            throw new UserError("model directory not found: " + path);
        }
        return ModelCard.read(cardFile());
    }

    /**
     * The card, after checking that every file it lists is present with the recorded SHA-256.
     *
     * @throws UserError naming the directory, the card, or the first missing or corrupt file
     */
    public ModelCard verify() {
        return verify(null);
    }

    private ModelCard verify(String except) {
        ModelCard card = card();
        for (Map.Entry<String, String> f : card.files().entrySet()) {
            if (f.getKey().equals(except)) {
                continue;
            }
            Path p = resolve(f.getKey());
            if (!Files.isRegularFile(p)) {
                throw new UserError("model file missing: " + p);
            }
            if (!AtomicFiles.sha256(p).equals(f.getValue())) {
                throw new UserError("model file corrupt (SHA-256 mismatch): " + p);
            }
        }
        return card;
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
