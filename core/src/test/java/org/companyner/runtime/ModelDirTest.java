package org.companyner.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.companyner.UserError;
import org.companyner.io.AtomicFiles;
import org.companyner.model.EncoderConfig;
import org.companyner.model.Presets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelDirTest {
    @TempDir
    Path tmp;

    private static final EncoderConfig PLAIN = Presets.get("tiny").withLexicon(false);
    private static final EncoderConfig LEXICON = Presets.get("tiny").withLexicon(true);

    @Test
    void aModelWithoutLexiconNeedsVocabulariesGraphAndCrf() {
        assertThat(ModelDir.files(PLAIN, false)).containsExactly("vocab.txt", "bigrams.txt", "model.onnx", "crf.json");
    }

    @Test
    void aLexiconModelAlsoNeedsItsLexicon() {
        assertThat(ModelDir.files(LEXICON, false))
                .containsExactly("vocab.txt", "bigrams.txt", "lexicon.txt", "model.onnx", "crf.json");
    }

    @Test
    void keptParametersAreListedBeforeTheGraph() {
        assertThat(ModelDir.files(LEXICON, true))
                .containsExactly("vocab.txt", "bigrams.txt", "lexicon.txt", "params.ndl", "model.onnx", "crf.json");
        assertThat(ModelDir.files(PLAIN, true))
                .containsExactly("vocab.txt", "bigrams.txt", "params.ndl", "model.onnx", "crf.json");
    }

    private ModelDir written() throws IOException {
        ModelDir dir = new ModelDir(tmp.resolve("m"));
        for (String f : ModelDir.files(PLAIN, false)) {
            dir.writeAtomically(f, out -> out.write(("content of " + f).getBytes(StandardCharsets.UTF_8)));
        }
        dir.save(new ModelCard("m", PLAIN, dir.checksums(PLAIN, false), Map.of(), Map.of()));
        return dir;
    }

    @Test
    void aWrittenDirectoryVerifiesWithTheChecksumsItWasSavedWith() throws IOException {
        ModelDir dir = written();
        ModelCard card = dir.verify();
        assertThat(card.files()).containsOnlyKeys(ModelDir.files(PLAIN, false));
        assertThat(card.files().get(ModelDir.GRAPH)).isEqualTo(AtomicFiles.sha256(dir.graph())).hasSize(64);
        assertThat(dir.card()).isEqualTo(card);
    }

    @Test
    void verifyNamesAMissingFile() throws IOException {
        ModelDir dir = written();
        Files.delete(dir.crf());
        assertThatThrownBy(dir::verify).isInstanceOf(UserError.class)
                .hasMessageContaining("missing").hasMessageContaining(dir.crf().toString());
    }

    @Test
    void verifyNamesACorruptFile() throws IOException {
        ModelDir dir = written();
        Files.writeString(dir.vocab(), "something else");
        assertThatThrownBy(dir::verify).isInstanceOf(UserError.class)
                .hasMessageContaining("corrupt").hasMessageContaining(dir.vocab().toString());
    }

    @Test
    void verifyNamesAMissingCardOrDirectory() {
        ModelDir none = new ModelDir(tmp.resolve("absent"));
        assertThatThrownBy(none::verify).isInstanceOf(UserError.class).hasMessageContaining(none.path().toString());
        ModelDir empty = new ModelDir(tmp);
        assertThatThrownBy(empty::verify).isInstanceOf(UserError.class)
                .hasMessageContaining("model card missing").hasMessageContaining(empty.cardFile().toString());
    }

    @Test
    void aFailedAtomicWriteLeavesTheOldFileAndNoPartialOne() throws IOException {
        ModelDir dir = new ModelDir(tmp);
        dir.writeAtomically(ModelDir.GRAPH, out -> out.write(new byte[]{1, 2, 3}));
        assertThatThrownBy(() -> dir.writeAtomically(ModelDir.GRAPH, out -> {
            out.write(new byte[1 << 16]);
            throw new IOException("disk full");
        })).isInstanceOf(IOException.class).hasMessage("disk full");
        assertThat(Files.readAllBytes(dir.graph())).containsExactly(1, 2, 3);
        try (Stream<Path> files = Files.list(tmp)) {
            assertThat(files).containsExactly(dir.graph());
        }
    }

    @Test
    void aFailedFirstWriteLeavesNoFileAtAll() {
        ModelDir dir = new ModelDir(tmp.resolve("new"));
        assertThatThrownBy(() -> dir.writeAtomically(ModelDir.CRF, out -> {
            out.write('{');
            throw new IllegalStateException("serialiser failed");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(dir.crf()).doesNotExist();
        assertThat(dir.resolve(ModelDir.CRF + AtomicFiles.TMP)).doesNotExist();
    }

    @Test
    void shippedModelsStillVerify() {
        for (String name : new String[]{"default", "electra-small"}) {
            Path p = Path.of("..", "models", name);
            if (Files.isDirectory(p)) {
                ModelCard card = new ModelDir(p).verify();
                // the files a model needs, then the optional company table (issue 14) where the model links
                java.util.List<String> expected = new java.util.ArrayList<>(ModelDir.files(card.config(), false));
                if (card.files().containsKey(ModelDir.COMPANIES)) {
                    expected.add(ModelDir.COMPANIES);
                }
                assertThat(card.files().keySet()).containsExactlyElementsOf(expected);
            }
        }
    }
}
