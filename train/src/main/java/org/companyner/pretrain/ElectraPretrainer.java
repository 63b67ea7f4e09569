package org.companyner.pretrain;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.companyner.UserError;
import org.companyner.model.EncoderConfig;
import org.companyner.model.Presets;
import org.companyner.nn.DjlTagger;
import org.companyner.nn.ParamFiles;
import org.companyner.runtime.Features;
import org.companyner.runtime.ModelCard;
import org.companyner.train.AdamW;
import org.companyner.train.GitInfo;
import org.companyner.train.LearningCurve;
import org.companyner.vocab.CharVocab;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * ELECTRA pretraining (Clark et al. 2020, "ELECTRA: Pre-training Text Encoders as Discriminators
 * Rather Than Generators"): a small generator restores masked characters (MLM), its samples replace
 * them, and the discriminator — the encoder that fine-tuning starts from — tells for every position
 * whether the character was replaced. Loss = MLM + λ·RTD.
 *
 * <p>The discriminator is a {@link DjlTagger} of the chosen preset (characters only: char bigrams
 * would leak the original of a replaced character), so {@code encoder/params.ndl} loads straight into
 * a tagger with {@code train --init}. Checkpoints are atomic; {@code --resume} continues at the same
 * step, data position and masking (masks and samples are seeded by step; dropout is not).
 */
public final class ElectraPretrainer {
    public static final String ENCODER = "encoder";
    public static final String ENCODER_CARD = "encoder.json";
    static final String LOG = "pretrain-log.jsonl";
    static final String CURVE = "pretrain-curve.png";
    static final String POINTER = "checkpoint.json";
    static final String CONFIG = "pretrain-config.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final PretrainConfig cfg;
    private final PrintStream console;
    private long stopAt = Long.MAX_VALUE;

    public ElectraPretrainer(PretrainConfig cfg, PrintStream console) {
        this.cfg = cfg;
        this.console = console;
    }

    /** Behave as if stopped by a signal once {@code step} steps are done (for tests of {@code --resume}). */
    ElectraPretrainer stopAt(long step) {
        this.stopAt = step;
        return this;
    }

    /** Where a run stands; written with every checkpoint. */
    record State(long step, int epoch, int batchInEpoch, long tokens, double elapsedSeconds) {
    }

    /** Running sums between two log rows. */
    private static final class Meter {
        double mlm;
        double rtd;
        long masked;
        long maskedRight;
        long positions;
        long rtdRight;
        long replaced;
        long replacedFound;
        int steps;
    }

    /** The generator's shape: the discriminator's depth at 1/{@code divisor} of its width (ELECTRA: 1/4). */
    static EncoderConfig generatorConfig(EncoderConfig disc, int divisor) {
        int hidden = Math.max(16, disc.hidden() / divisor);
        int heads = Math.max(1, hidden / 64);
        return new EncoderConfig("electra-generator", disc.vocabSize(), 0, disc.embeddingSize(), hidden,
                disc.layers(), heads, 4 * hidden, disc.maxPositions(), disc.dropout(), disc.shareLayers(), 0);
    }

    /** Runs to the step budget (or until stopped) and returns the encoder directory. */
    public Path run(boolean resume) throws IOException {
        Files.createDirectories(cfg.out());
        Path pointer = cfg.out().resolve(POINTER);
        boolean resuming = resume && Files.exists(pointer);
        if (resume && !resuming) {
            console.println("no checkpoint in " + cfg.out() + ", starting a new run");
        }
        Path vocabFile = cfg.out().resolve("vocab.txt");
        CharVocab vocab;
        if (resuming) {
            vocab = CharVocab.load(vocabFile);
        } else {
            console.println("counting characters of " + cfg.corpus());
            vocab = CharVocab.build(PretrainCorpus.countChars(cfg.corpus()), cfg.minCount());
            vocab.save(vocabFile);
            JSON.writeValue(cfg.out().resolve(CONFIG).toFile(), cfg);
            Files.deleteIfExists(cfg.out().resolve(LOG));
        }
        PretrainCorpus corpus = PretrainCorpus.pack(cfg.corpus(), vocab, cfg.maxLen());
        EncoderConfig discConfig = Presets.get(cfg.arch()).withVocab(vocab.size(), 0)
                .withMaxPositions(cfg.maxLen()).withLexicon(false);
        EncoderConfig genConfig = generatorConfig(discConfig, cfg.generatorDivisor());
        console.printf("electra: %d documents, %d sequences, %d chars, vocabulary %d; discriminator %s H%d L%d, generator H%d%n",
                corpus.documents(), corpus.size(), corpus.chars(), vocab.size(), discConfig.arch(),
                discConfig.hidden(), discConfig.layers(), genConfig.hidden());

        Engine.getInstance().setRandomSeed((int) cfg.seed());
        try (DjlTagger disc = DjlTagger.create(discConfig); DjlTagger gen = DjlTagger.create(genConfig)) {
            NDManager manager = disc.manager();
            Linear mlmHead = Linear.builder().setUnits(vocab.size()).build();
            mlmHead.initialize(manager, DataType.FLOAT32, new Shape(1, genConfig.hidden()));
            Linear rtdHead = Linear.builder().setUnits(1).build();
            rtdHead.initialize(manager, DataType.FLOAT32, new Shape(1, 1, discConfig.hidden()));
            List<Pair<String, Parameter>> heads = new ArrayList<>();
            mlmHead.getParameters().forEach(p -> heads.add(new Pair<>("mlm_" + p.getKey(), p.getValue())));
            rtdHead.getParameters().forEach(p -> heads.add(new Pair<>("rtd_" + p.getKey(), p.getValue())));
            List<Pair<String, Parameter>> trained = new ArrayList<>();
            trained.addAll(encoderParams("disc/", disc));
            trained.addAll(encoderParams("gen/", gen));
            trained.addAll(heads);
            AdamW opt = new AdamW(manager, trained, name -> false,
                    name -> name.endsWith("weight") || name.endsWith("embedding"), cfg.weightDecay());
            Parts parts = new Parts(disc, gen, mlmHead, rtdHead, heads, opt, vocab);

            State state = new State(0, 0, 0, 0, 0);
            if (resuming) {
                state = restore(pointer, parts);
                console.printf("resumed at step %d (epoch %d, batch %d, %d tokens)%n",
                        state.step(), state.epoch(), state.batchInEpoch(), state.tokens());
            }
            state = loop(parts, corpus, state);
            Path encoder = writeEncoder(parts, discConfig, state);
            LearningCurve.plot(cfg.out().resolve(LOG), cfg.out().resolve(CURVE), "ELECTRA pretraining (" + cfg.arch() + ")",
                    List.of("mlm_accuracy", "rtd_accuracy", "replaced_recall", "frequency_baseline"));
            console.printf("pretrained encoder written to %s%n", encoder);
            return encoder;
        }
    }

    /** The trainable arrays of a tagger used as an encoder: its emission head and CRF are not part of pretraining. */
    private static List<Pair<String, Parameter>> encoderParams(String prefix, DjlTagger tagger) {
        List<Pair<String, Parameter>> out = new ArrayList<>();
        for (Pair<String, Parameter> p : tagger.parameters()) {
            if (!DjlTagger.isHead(p.getKey())) {
                out.add(new Pair<>(prefix + p.getKey(), p.getValue()));
            }
        }
        return out;
    }

    private record Parts(DjlTagger disc, DjlTagger gen, Linear mlmHead, Linear rtdHead,
                         List<Pair<String, Parameter>> heads, AdamW opt, CharVocab vocab) {
    }

    float learningRate(long step) {
        if (step < cfg.warmup()) {
            return cfg.lr() * (step + 1) / cfg.warmup();
        }
        double rest = Math.max(1, cfg.maxSteps() - cfg.warmup());
        return (float) (cfg.lr() * Math.max(0.0, 1.0 - (step - cfg.warmup()) / rest));
    }

    private State loop(Parts parts, PretrainCorpus corpus, State state) throws IOException {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicBoolean signalled = new AtomicBoolean();
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            signalled.set(true);
            stop.set(true);
            try {
                finished.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
        double baseline = frequencyBaseline(corpus, parts.vocab().size());
        double elapsedBefore = state.elapsedSeconds();
        Instant loopStart = Instant.now();
        long step = state.step();
        int epoch = state.epoch();
        int batchIndex = state.batchInEpoch();
        long tokens = state.tokens();
        long tokensBefore = tokens;
        int[][] batches = corpus.batches(cfg.seed(), epoch, cfg.batchSize());
        if (batches.length == 0) {
            throw new UserError("the corpus has " + corpus.size() + " sequences, fewer than one batch of " + cfg.batchSize());
        }
        Meter meter = new Meter();
        try (ProgressBar bar = new ProgressBarBuilder().setTaskName("electra").setInitialMax(cfg.maxSteps())
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(1000).continuousUpdate()
                .setConsumer(new ConsoleProgressBarConsumer(console)).startsFrom(step, Duration.ZERO).build()) {
            while (step < cfg.maxSteps() && !stop.get()) {
                if (batchIndex >= batches.length) {
                    epoch++;
                    batchIndex = 0;
                    batches = corpus.batches(cfg.seed(), epoch, cfg.batchSize());
                }
                int[][] batch = new int[cfg.batchSize()][];
                for (int i = 0; i < batch.length; i++) {
                    batch[i] = corpus.get(batches[batchIndex][i]);
                    tokens += batch[i].length;
                }
                step(parts, batch, step, meter);
                batchIndex++;
                step++;
                if (step >= stopAt) {
                    stop.set(true);
                }
                double elapsed = elapsedBefore + Duration.between(loopStart, Instant.now()).toMillis() / 1000.0;
                bar.stepTo(step);
                bar.setExtraMessage(String.format("mlm acc %.3f rtd acc %.3f %.0f tok/s",
                        meter.masked == 0 ? 0 : (double) meter.maskedRight / meter.masked,
                        meter.positions == 0 ? 0 : (double) meter.rtdRight / meter.positions,
                        (tokens - tokensBefore) / Math.max(1e-3, elapsed - elapsedBefore)));
                if (step % cfg.logEvery() == 0 || step >= cfg.maxSteps()) {
                    log(step, epoch, tokens, elapsed, meter, baseline);
                    meter = new Meter();
                }
                if (step % cfg.checkpointEvery() == 0 || step >= cfg.maxSteps()) {
                    state = new State(step, epoch, batchIndex, tokens, elapsed);
                    checkpoint(parts, state);
                }
            }
            if (stop.get()) {
                double elapsed = elapsedBefore + Duration.between(loopStart, Instant.now()).toMillis() / 1000.0;
                state = new State(step, epoch, batchIndex, tokens, elapsed);
                checkpoint(parts, state);
                console.printf("%nstopped at step %d; checkpoint written, continue with --resume%n", step);
            }
        } finally {
            finished.countDown();
            if (!signalled.get()) {
                Runtime.getRuntime().removeShutdownHook(hook);
            }
        }
        if (stop.get()) {
            throw new UserError("pretraining interrupted at step " + step + "; continue with --resume");
        }
        return state;
    }

    /** One optimisation step on a batch of id sequences. */
    private void step(Parts parts, int[][] batch, long step, Meter meter) {
        int width = 0;
        for (int[] s : batch) {
            width = Math.max(width, s.length);
        }
        int b = batch.length;
        int v = parts.vocab().size();
        Random random = new Random(cfg.seed() * 1_000_003L + step);
        Corruption.Masked masked = Corruption.mask(batch, width, cfg.maskRate(), random);
        int n = masked.flat().length;
        try (NDManager m = parts.disc().manager().newSubManager()) {
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.zeroGradients();
                ParameterStore ps = new ParameterStore(m, false);
                // generator: restore the masked characters
                NDArray genHidden = parts.gen().block().encode(ps, inputs(m, masked.generatorInput(), batch, width), true)
                        .reshape(b * width, parts.gen().block().config().hidden());
                NDArray select = m.create(oneHot(masked.flat(), b * width), new Shape(n, b * width));
                NDArray logits = parts.mlmHead().forward(ps, new NDList(select.matMul(genHidden)), true).singletonOrThrow();
                NDArray gold = m.create(oneHot(masked.original(), v), new Shape(n, v));
                NDArray mlmLoss = logits.logSoftmax(1).mul(gold).sum().neg().div(m.create((float) n));
                float[] flatLogits = logits.toFloatArray();
                int[] predicted = Corruption.argmax(flatLogits, n, v);
                int[] sampled = Corruption.sample(flatLogits, n, v, random);

                // discriminator: which characters were replaced?
                int[] corrupted = masked.generatorInput().clone();
                float[] replaced = new float[b * width];
                for (int i = 0; i < n; i++) {
                    corrupted[masked.flat()[i]] = sampled[i];
                    replaced[masked.flat()[i]] = sampled[i] == masked.original()[i] ? 0f : 1f;
                    meter.masked++;
                    meter.maskedRight += predicted[i] == masked.original()[i] ? 1 : 0;
                }
                float[] real = new float[b * width];
                int positions = 0;
                for (int s = 0; s < b; s++) {
                    for (int t = 0; t < batch[s].length; t++) {
                        real[s * width + t] = 1f;
                        positions++;
                    }
                }
                NDArray discHidden = parts.disc().block().encode(ps, inputs(m, corrupted, batch, width), true);
                NDArray z = parts.rtdHead().forward(ps, new NDList(discHidden), true).singletonOrThrow().reshape(b, width);
                NDArray y = m.create(replaced, new Shape(b, width));
                NDArray realMask = m.create(real, new Shape(b, width));
                NDArray rtdLoss = Activation.softPlus(z).sub(z.mul(y)).mul(realMask).sum()
                        .div(m.create((float) positions));
                NDArray loss = mlmLoss.add(rtdLoss.mul(m.create(cfg.rtdWeight())));
                float mlmValue = mlmLoss.getFloat();
                float rtdValue = rtdLoss.getFloat();
                float[] zs = z.toFloatArray();
                for (int i = 0; i < zs.length; i++) {
                    if (real[i] > 0) {
                        boolean saysReplaced = zs[i] > 0;
                        boolean wasReplaced = replaced[i] > 0;
                        meter.positions++;
                        meter.rtdRight += saysReplaced == wasReplaced ? 1 : 0;
                        if (wasReplaced) {
                            meter.replaced++;
                            meter.replacedFound += saysReplaced ? 1 : 0;
                        }
                    }
                }
                if (!Float.isFinite(mlmValue) || !Float.isFinite(rtdValue)) {
                    return; // skip the update; the next step starts from clean gradients
                }
                meter.mlm += mlmValue;
                meter.rtd += rtdValue;
                meter.steps++;
                gc.backward(loss);
            }
            double norm = parts.opt().clipGlobalNorm(cfg.clip());
            if (Double.isFinite(norm)) {
                float lr = learningRate(step);
                parts.opt().step(lr, lr);
            }
        }
    }

    /** Tagger inputs for a batch of ids: no bigrams or lexicon (ids 0), additive padding mask. */
    private static NDList inputs(NDManager m, int[] ids, int[][] batch, int width) {
        List<Features> rows = new ArrayList<>(batch.length);
        for (int s = 0; s < batch.length; s++) {
            int len = batch[s].length;
            int[] chars = new int[len];
            System.arraycopy(ids, s * width, chars, 0, len);
            int[] zeros = new int[len];
            rows.add(new Features(chars, zeros, zeros, zeros));
        }
        return DjlTagger.inputs(m, rows);
    }

    private static float[] oneHot(int[] index, int width) {
        float[] out = new float[index.length * width];
        for (int i = 0; i < index.length; i++) {
            out[i * width + index[i]] = 1f;
        }
        return out;
    }

    /** Masked accuracy of always guessing the corpus's most frequent character: what the generator must beat. */
    static double frequencyBaseline(PretrainCorpus corpus, int vocabSize) {
        long[] counts = new long[vocabSize];
        long total = 0;
        for (int i = 0; i < corpus.size(); i++) {
            for (int id : corpus.get(i)) {
                counts[id]++;
                total++;
            }
        }
        long best = 0;
        for (long c : counts) {
            best = Math.max(best, c);
        }
        return total == 0 ? 0 : (double) best / total;
    }

    private void log(long step, int epoch, long tokens, double elapsed, Meter meter, double baseline) throws IOException {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("step", step);
        row.put("epoch", epoch);
        row.put("tokens", tokens);
        row.put("lr", learningRate(step));
        row.put("mlm_loss", meter.steps == 0 ? null : meter.mlm / meter.steps);
        row.put("rtd_loss", meter.steps == 0 ? null : meter.rtd / meter.steps);
        row.put("mlm_accuracy", meter.masked == 0 ? null : (double) meter.maskedRight / meter.masked);
        row.put("rtd_accuracy", meter.positions == 0 ? null : (double) meter.rtdRight / meter.positions);
        row.put("replaced_recall", meter.replaced == 0 ? null : (double) meter.replacedFound / meter.replaced);
        row.put("replaced_share", meter.positions == 0 ? null : (double) meter.replaced / meter.positions);
        row.put("frequency_baseline", baseline);
        row.put("elapsed_s", Math.round(elapsed * 10) / 10.0);
        try (Writer w = Files.newBufferedWriter(cfg.out().resolve(LOG), StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            w.write(new ObjectMapper().writeValueAsString(row));
            w.write('\n');
        }
    }

    /** Writes {@code checkpoint-STEP/} completely, points {@code checkpoint.json} at it, refreshes {@code encoder/}, drops older checkpoints. */
    private void checkpoint(Parts parts, State state) throws IOException {
        Path dir = cfg.out().resolve("checkpoint-" + state.step());
        Files.createDirectories(dir);
        parts.disc().saveParameters(dir.resolve("disc.ndl"), false);
        parts.gen().saveParameters(dir.resolve("gen.ndl"), false);
        ParamFiles.save(parts.disc().manager(), parts.heads(), dir.resolve("heads.ndl"), false);
        parts.opt().save(dir.resolve("optimizer.ndl"));
        Path tmp = cfg.out().resolve(POINTER + ".tmp");
        Map<String, Object> pointer = new LinkedHashMap<>();
        pointer.put("dir", dir.getFileName().toString());
        pointer.put("state", state);
        JSON.writeValue(tmp.toFile(), pointer);
        ModelCard.moveAtomically(tmp, cfg.out().resolve(POINTER));
        try (var old = Files.list(cfg.out())) {
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
        writeEncoder(parts, parts.disc().block().config(), state);
        LearningCurve.plot(cfg.out().resolve(LOG), cfg.out().resolve(CURVE), "ELECTRA pretraining (" + cfg.arch() + ")",
                List.of("mlm_accuracy", "rtd_accuracy", "replaced_recall", "frequency_baseline"));
    }

    private State restore(Path pointerFile, Parts parts) throws IOException {
        var node = JSON.readTree(pointerFile.toFile());
        Path dir = cfg.out().resolve(node.get("dir").asText());
        parts.disc().loadParameters(dir.resolve("disc.ndl"));
        parts.gen().loadParameters(dir.resolve("gen.ndl"));
        ParamFiles.load(parts.disc().manager(), parts.heads(), dir.resolve("heads.ndl"));
        parts.opt().load(dir.resolve("optimizer.ndl"));
        return JSON.treeToValue(node.get("state"), State.class);
    }

    /** {@code encoder/}: the discriminator's parameters, its vocabulary and a card saying how it was made. */
    private Path writeEncoder(Parts parts, EncoderConfig config, State state) throws IOException {
        Path dir = cfg.out().resolve(ENCODER);
        Files.createDirectories(dir);
        parts.disc().saveParameters(dir.resolve(DjlTagger.PARAMS), false);
        Files.copy(cfg.out().resolve("vocab.txt"), dir.resolve("vocab.txt"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Map<String, Object> card = new LinkedHashMap<>();
        card.put("config", config);
        card.put("objective", cfg.objective());
        card.put("pretraining", cfg);
        card.put("steps", state.step());
        card.put("tokens", state.tokens());
        card.put("seconds", Math.round(state.elapsedSeconds()));
        card.put("commit", GitInfo.commit());
        card.put("machine", GitInfo.machine());
        card.put("params_sha256", ModelCard.sha256(dir.resolve(DjlTagger.PARAMS)));
        Path tmp = dir.resolve(ENCODER_CARD + ".tmp");
        JSON.writeValue(tmp.toFile(), card);
        ModelCard.moveAtomically(tmp, dir.resolve(ENCODER_CARD));
        return dir;
    }
}
