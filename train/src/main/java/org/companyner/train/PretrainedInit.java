package org.companyner.train;

import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.companyner.UserError;
import org.companyner.io.AtomicFiles;
import org.companyner.nn.DjlTagger;
import org.companyner.pretrain.Pretrainer;
import org.companyner.runtime.ModelDir;
import org.companyner.vocab.CharVocab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Starting a tagger from a pretrained encoder ({@code pretrain}'s {@code encoder/} folder): its
 * vocabulary replaces the one built from the training data, the arrays it has are copied, and the
 * embeddings it lacks (char bigrams, lexicon features) start at zero so the first steps see exactly
 * the pretrained encoder.
 */
final class PretrainedInit {
    private static final List<String> ADDED_INPUTS = List.of("bigram_embedding", "lexicon_embedding");

    private PretrainedInit() {
    }

    /** The encoder's vocabulary, after checking it was pretrained for the same preset. */
    static CharVocab vocab(Path dir, String arch) {
        Path card = dir.resolve(Pretrainer.ENCODER_CARD);
        if (!Files.isRegularFile(card)) {
            throw new UserError("not a pretrained encoder folder (no " + Pretrainer.ENCODER_CARD + "): " + dir);
        }
        try {
            JsonNode node = new ObjectMapper().readTree(card.toFile());
            String pretrained = node.path("config").path("arch").asText();
            if (!arch.equals(pretrained)) {
                throw new UserError("the encoder in " + dir + " was pretrained as '" + pretrained + "', not '" + arch + "'");
            }
            String expected = node.path("params_sha256").asText("");
            Path params = dir.resolve(ModelDir.PARAMS);
            if (!expected.isEmpty() && Files.isRegularFile(params) && !expected.equals(AtomicFiles.sha256(params))) {
                throw new UserError(params + " does not match the SHA-256 in " + card + " (damaged or replaced)");
            }
        } catch (IOException e) {
            throw new UserError("cannot read " + card + ": " + e.getMessage());
        }
        return CharVocab.load(dir.resolve(ModelDir.VOCAB));
    }

    /** Copies the encoder's arrays into {@code tagger}; returns a one-line report. */
    static String apply(DjlTagger tagger, Path dir) {
        List<String> copied = tagger.loadMatching(dir.resolve(ModelDir.PARAMS)).stream()
                .filter(name -> !DjlTagger.isHead(name)).toList();
        int zeroed = 0;
        for (Pair<String, Parameter> p : tagger.parameters()) {
            if (ADDED_INPUTS.contains(DjlTagger.baseName(p.getKey())) && !copied.contains(p.getKey())) {
                var array = p.getValue().getArray();
                array.set(new float[Math.toIntExact(array.size())]);
                zeroed++;
            }
        }
        long encoderArrays = tagger.parameters().stream()
                .filter(p -> !DjlTagger.isHead(p.getKey())).count();
        return String.format("initialised %d of %d encoder arrays from %s (%d added input embeddings start at zero)",
                copied.size(), encoderArrays, dir, zeroed);
    }
}
