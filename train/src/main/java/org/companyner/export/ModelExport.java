package org.companyner.export;

import org.companyner.UserError;
import org.companyner.lexicon.Gazetteer;
import org.companyner.nn.DjlTagger;
import org.companyner.runtime.Featurizer;
import org.companyner.runtime.ModelCard;
import org.companyner.runtime.ModelDir;
import org.companyner.runtime.SelfCheck;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
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
        ModelDir source = new ModelDir(from);
        ModelCard card = source.verify();
        if (!Files.isRegularFile(source.params())) {
            throw new UserError("no trained parameters (" + ModelDir.PARAMS + ") in " + from);
        }
        if (from.toAbsolutePath().normalize().equals(to.toAbsolutePath().normalize())) {
            throw new UserError("export needs a different output directory than " + from);
        }
        ModelDir target = new ModelDir(to);
        Files.createDirectories(to);
        Files.copy(source.vocab(), target.vocab(), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(source.bigrams(), target.bigrams(), StandardCopyOption.REPLACE_EXISTING);
        if (card.config().lexicon()) {
            Gazetteer.load(source.lexicon()).save(target.lexicon()); // always the hashed format
        }
        SelfCheck check;
        try (DjlTagger tagger = DjlTagger.load(from, card)) {
            OnnxExporter.export(tagger, to, int8);
            check = OnnxExporter.selfCheck(tagger, to, Featurizer.load(to, card.config().lexicon()), int8);
            if (keepParams) {
                tagger.saveParameters(target.params(), true);
            } else {
                Files.deleteIfExists(target.params());
            }
        }
        Map<String, String> sums = target.checksums(card.config(), keepParams);
        Map<String, Object> training = new LinkedHashMap<>(card.training());
        training.put("exported_from", from.toString());
        training.put("onnx_weights", int8 ? "int8 (per-channel symmetric, DynamicQuantizeMatMul)" : "fp32");
        ModelCard out = new ModelCard(name == null ? to.getFileName().toString() : name, card.config(), sums,
                training, card.metrics(), check);
        target.save(out);
        return out;
    }
}
