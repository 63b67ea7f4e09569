package org.companyner.lexicon;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Aho-Corasick automaton over code point sequences (Aho and Corasick 1975, "Efficient string
 * matching"): one left-to-right pass reports every dictionary match, whatever the overlaps.
 * States are ints; goto edges live in one hash map keyed by (state, code point).
 */
final class AhoCorasick {
    private final Map<Long, Integer> edges = new HashMap<>();
    private int[] fail;
    /** For each state, the lengths of the patterns ending there (own and via dictionary links). */
    private int[][] outputs;

    AhoCorasick(List<int[]> patterns) {
        List<List<Integer>> own = new ArrayList<>();
        own.add(new ArrayList<>());
        int states = 1;
        for (int[] p : patterns) {
            int s = 0;
            for (int cp : p) {
                Integer next = edges.get(key(s, cp));
                if (next == null) {
                    next = states++;
                    edges.put(key(s, cp), next);
                    own.add(new ArrayList<>());
                }
                s = next;
            }
            if (p.length > 0 && !own.get(s).contains(p.length)) {
                own.get(s).add(p.length);
            }
        }
        fail = new int[states];
        outputs = new int[states][];
        // children lists for the breadth-first pass
        List<List<long[]>> children = new ArrayList<>(states);
        for (int i = 0; i < states; i++) {
            children.add(new ArrayList<>(1));
        }
        for (Map.Entry<Long, Integer> e : edges.entrySet()) {
            int from = (int) (e.getKey() >>> 21);
            int cp = (int) (e.getKey() & ((1L << 21) - 1));
            children.get(from).add(new long[]{cp, e.getValue()});
        }
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        outputs[0] = new int[0];
        for (long[] c : children.get(0)) {
            fail[(int) c[1]] = 0;
            queue.add((int) c[1]);
        }
        while (!queue.isEmpty()) {
            int s = queue.poll();
            int[] mine = own.get(s).stream().mapToInt(Integer::intValue).toArray();
            int[] inherited = outputs[fail[s]];
            int[] all = Arrays.copyOf(mine, mine.length + inherited.length);
            System.arraycopy(inherited, 0, all, mine.length, inherited.length);
            outputs[s] = all;
            for (long[] c : children.get(s)) {
                int cp = (int) c[0];
                int child = (int) c[1];
                int f = fail[s];
                while (f != 0 && !edges.containsKey(key(f, cp))) {
                    f = fail[f];
                }
                Integer target = edges.get(key(f, cp));
                fail[child] = target != null && target != child ? target : 0;
                queue.add(child);
            }
        }
    }

    private static long key(int state, int cp) {
        return ((long) state << 21) | cp;
    }

    /** Calls {@code sink.match(start, end)} for every pattern occurrence {@code [start, end)} in {@code text}. */
    void matches(int[] text, MatchSink sink) {
        int s = 0;
        for (int i = 0; i < text.length; i++) {
            int cp = text[i];
            Integer next;
            while ((next = edges.get(key(s, cp))) == null && s != 0) {
                s = fail[s];
            }
            s = next == null ? 0 : next;
            for (int len : outputs[s]) {
                sink.match(i + 1 - len, i + 1);
            }
        }
    }

    interface MatchSink {
        void match(int start, int end);
    }
}
