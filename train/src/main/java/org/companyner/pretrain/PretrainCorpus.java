package org.companyner.pretrain;

import org.companyner.UserError;
import org.companyner.io.Utf8Input;
import org.companyner.text.CodePoints;
import org.companyner.text.Normalizer;
import org.companyner.text.Windower;
import org.companyner.vocab.CharVocab;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * The raw pretraining corpus: one paragraph a line, a blank line between documents. Read as a
 * stream (twice: once to count characters, once to pack), packed into sequences of whole sentences
 * up to {@code maxLen} characters that never cross a document boundary; a sentence longer than
 * {@code maxLen} is cut into pieces.
 */
public final class PretrainCorpus {
    /** Sequences shorter than this carry too little context to be worth a batch slot. */
    static final int MIN_LENGTH = 8;

    private final List<int[]> sequences;
    /** Length of segment A of each sequence (pairs only), else null. */
    private final int[] splits;
    private final long documents;
    private final long chars;

    private PretrainCorpus(List<int[]> sequences, int[] splits, long documents, long chars) {
        this.sequences = sequences;
        this.splits = splits;
        this.documents = documents;
        this.chars = chars;
    }

    /** Character counts (normalised) of every file, for the vocabulary. */
    public static Map<Integer, Long> countChars(List<Path> files) {
        Map<Integer, Long> counts = new HashMap<>();
        for (Path f : files) {
            forEachDocument(f, doc -> {
                for (String p : doc) {
                    for (int c : Normalizer.normalize(CodePoints.of(p))) {
                        counts.merge(c, 1L, Long::sum);
                    }
                }
            });
        }
        return counts;
    }

    /** Packs every document of {@code files} into id sequences of at most {@code maxLen}. */
    public static PretrainCorpus pack(List<Path> files, CharVocab vocab, int maxLen) {
        return read(files, vocab, maxLen, null);
    }

    /**
     * Segment pairs for sentence-order prediction (Lan et al. 2020, "ALBERT", §3.1 and the
     * {@code create_pretraining_data} recipe): each document is packed into chunks of whole sentences of at
     * most {@code maxLen} characters, as {@link #pack} does, and each chunk is cut into two consecutive
     * segments A and B: at a sentence boundary drawn uniformly (seeded by {@code seed}) when it holds
     * more than one sentence, in the middle otherwise. {@link #get} is A followed by B, {@link #split}
     * is the length of A. Callers that insert a separator pass {@code maxLen} one shorter.
     */
    public static PretrainCorpus pairs(List<Path> files, CharVocab vocab, int maxLen, long seed) {
        return read(files, vocab, maxLen, new Random(seed));
    }

    /** Packs every document; with a {@code splitter} the sequences are segment pairs. */
    private static PretrainCorpus read(List<Path> files, CharVocab vocab, int maxLen, Random splitter) {
        List<int[]> out = new ArrayList<>();
        List<Integer> splits = new ArrayList<>();
        long[] docsAndChars = new long[2];
        for (Path f : files) {
            forEachDocument(f, doc -> {
                docsAndChars[0]++;
                chunkDocument(doc, vocab, maxLen, (ids, ends) -> {
                    if (ids.length < MIN_LENGTH) {
                        return;
                    }
                    out.add(ids);
                    docsAndChars[1] += ids.length;
                    if (splitter != null) {
                        splits.add(ends.length > 1 ? ends[splitter.nextInt(ends.length - 1)] : ids.length / 2);
                    }
                });
            });
        }
        if (out.isEmpty()) {
            throw new UserError("no text to pretrain on in " + files);
        }
        int[] a = splitter == null ? null : splits.stream().mapToInt(Integer::intValue).toArray();
        return new PretrainCorpus(out, a, docsAndChars[0], docsAndChars[1]);
    }

    static void packDocument(List<String> paragraphs, CharVocab vocab, int maxLen, List<int[]> out) {
        chunkDocument(paragraphs, vocab, maxLen, (ids, ends) -> {
            if (ids.length >= MIN_LENGTH) {
                out.add(ids);
            }
        });
    }

    /** Receives one packed chunk of a document: its ids and the end of each sentence (or piece) in it, increasing, the last {@code ids.length}. */
    interface ChunkSink {
        void accept(int[] ids, int[] sentenceEnds);
    }

    /**
     * Packs one document's sentences, in order, into chunks of at most {@code maxLen} characters;
     * a sentence longer than {@code maxLen} is cut into full pieces, each a chunk of its own, and its
     * rest starts the next chunk. Short chunks are passed on too; the sink decides.
     */
    static void chunkDocument(List<String> paragraphs, CharVocab vocab, int maxLen, ChunkSink sink) {
        int[] buffer = new int[maxLen];
        int[] ends = new int[maxLen];
        int filled = 0;
        int sentences = 0;
        for (String paragraph : paragraphs) {
            int[] cps = CodePoints.of(paragraph);
            int[] ids = vocab.ids(Normalizer.normalize(cps));
            int start = 0;
            for (int end : Windower.sentenceEnds(cps)) {
                int length = end - start;
                if (filled + length > maxLen && filled > 0) {
                    sink.accept(Arrays.copyOf(buffer, filled), Arrays.copyOf(ends, sentences));
                    filled = 0;
                    sentences = 0;
                }
                while (length > maxLen) { // an over-long sentence: full pieces, the rest starts the next sequence
                    sink.accept(Arrays.copyOfRange(ids, start, start + maxLen), new int[]{maxLen});
                    start += maxLen;
                    length -= maxLen;
                }
                if (length > 0) {
                    System.arraycopy(ids, start, buffer, filled, length);
                    filled += length;
                    ends[sentences++] = filled;
                }
                start = end;
            }
        }
        if (filled > 0) {
            sink.accept(Arrays.copyOf(buffer, filled), Arrays.copyOf(ends, sentences));
        }
    }

    /** Streams the documents of one file (strict UTF-8: a bad byte is the user's error, with its line). */
    static void forEachDocument(Path file, Consumer<List<String>> sink) {
        try (InputStream raw = Files.newInputStream(file);
             BufferedReader in = new BufferedReader(new Utf8Input(raw, file.toString()), 1 << 16)) {
            List<String> doc = new ArrayList<>();
            String s;
            while ((s = in.readLine()) != null) {
                if (s.isBlank()) {
                    if (!doc.isEmpty()) {
                        sink.accept(doc);
                        doc = new ArrayList<>();
                    }
                } else {
                    doc.add(s.strip());
                }
            }
            if (!doc.isEmpty()) {
                sink.accept(doc);
            }
        } catch (NoSuchFileException e) {
            throw new UserError("corpus file not found: " + file);
        } catch (IOException e) {
            throw new UserError("cannot read corpus " + file + ": " + e.getMessage());
        }
    }

    public int size() {
        return sequences.size();
    }

    public long documents() {
        return documents;
    }

    public long chars() {
        return chars;
    }

    public int[] get(int i) {
        return sequences.get(i);
    }

    /** The sequences at {@code indices} (one batch). */
    public int[][] get(int[] indices) {
        int[][] out = new int[indices.length][];
        for (int i = 0; i < indices.length; i++) {
            out[i] = sequences.get(indices[i]);
        }
        return out;
    }

    /** Whether the sequences are segment pairs ({@link #pairs}). */
    public boolean hasPairs() {
        return splits != null;
    }

    /** The length of segment A of pair {@code i}; B is the rest. */
    public int split(int i) {
        if (splits == null) {
            throw new IllegalStateException("not a corpus of segment pairs");
        }
        return splits[i];
    }

    /** The sequence order of one epoch: a permutation fixed by {@code seed} and {@code epoch}. */
    public int[] order(long seed, int epoch) {
        List<Integer> idx = new ArrayList<>(sequences.size());
        for (int i = 0; i < sequences.size(); i++) {
            idx.add(i);
        }
        Collections.shuffle(idx, new Random(seed * 1_000_003L + epoch));
        return idx.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * The batches of one epoch (sequence indices), fixed by {@code seed} and {@code epoch}: the
     * shuffled order is cut into pools of {@value #POOL} batches, each pool sorted by length so a
     * batch pads little, and the batches shuffled again. The last incomplete batch is left out.
     */
    public int[][] batches(long seed, int epoch, int batchSize) {
        int[] order = order(seed, epoch);
        int count = order.length / batchSize;
        List<int[]> out = new ArrayList<>(count);
        int pool = POOL * batchSize;
        for (int from = 0; from < count * batchSize; from += pool) {
            int to = Math.min(count * batchSize, from + pool);
            Integer[] part = new Integer[to - from];
            for (int i = from; i < to; i++) {
                part[i - from] = order[i];
            }
            Arrays.sort(part, (a, b) -> Integer.compare(sequences.get(a).length, sequences.get(b).length));
            for (int i = 0; i < part.length; i += batchSize) {
                int[] batch = new int[batchSize];
                for (int j = 0; j < batchSize; j++) {
                    batch[j] = part[i + j];
                }
                out.add(batch);
            }
        }
        Collections.shuffle(out, new Random(seed * 7919L + epoch));
        return out.toArray(int[][]::new);
    }

    private static final int POOL = 64;
}
