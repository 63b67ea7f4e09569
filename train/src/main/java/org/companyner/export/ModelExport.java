package org.companyner.export;

import org.companyner.UserError;
import org.companyner.lexicon.Gazetteer;
import org.companyner.nn.DjlTagger;
import org.companyner.runtime.Featurizer;
import org.companyner.runtime.ModelCard;
import org.companyner.runtime.OnnxEmitter;
import org.companyner.runtime.SelfCheck;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Copies a trained model directory into a serving one: vocabularies, lexicon, the ONNX graph
 * (fp32 or int8 weights) and, optionally, the DJL parameters (float16) for later fine-tuning.
 */
public final class ModelExport {
    private ModelExport() {
    }

    /** Writes {@code to} from the trained model in {@code from}; returns the new card. */
    public static ModelCard export(Path from, Path to, String name, boolean int8, boolean keepParams) throws IOException {
        ModelCard card = ModelCard.load(from);
        if (!Files.isRegularFile(from.resolve(DjlTagger.PARAMS))) {
            throw new UserError("no trained parameters (" + DjlTagger.PARAMS + ") in " + from);
        }
        if (from.toAbsolutePath().normalize().equals(to.toAbsolutePath().normalize())) {
            throw new UserError("export needs a different output directory than " + from);
        }
        Files.createDirectories(to);
        List<String> files = new ArrayList<>(List.of(Featurizer.VOCAB, Featurizer.BIGRAMS));
        if (card.config().lexicon()) {
            files.add(Featurizer.LEXICON);
        }
        for (String f : files) {
            if (f.equals(Featurizer.LEXICON)) {
                Gazetteer.load(from.resolve(f)).save(to.resolve(f)); // always the hashed format
            } else {
                Files.copy(from.resolve(f), to.resolve(f), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        SelfCheck check;
        try (DjlTagger tagger = DjlTagger.load(from, card)) {
            OnnxExporter.export(tagger, to, int8);
            check = OnnxExporter.selfCheck(tagger, to, Featurizer.load(to, card.config().lexicon()), int8);
            if (keepParams) {
                tagger.saveParameters(to.resolve(DjlTagger.PARAMS), true);
                files.add(DjlTagger.PARAMS);
            } else {
                Files.deleteIfExists(to.resolve(DjlTagger.PARAMS));
            }
        }
        files.add(OnnxEmitter.MODEL);
        files.add(OnnxEmitter.CRF);
        Map<String, String> sums = new LinkedHashMap<>();
        for (String f : files) {
            sums.put(f, ModelCard.sha256(to.resolve(f)));
        }
        Map<String, Object> training = new LinkedHashMap<>(card.training());
        training.put("exported_from", from.toString());
        training.put("onnx_weights", int8 ? "int8 (per-channel symmetric, DynamicQuantizeMatMul)" : "fp32");
        ModelCard out = new ModelCard(name == null ? to.getFileName().toString() : name, card.config(), sums,
                training, card.metrics(), check);
        out.save(to);
        return out;
    }
}
