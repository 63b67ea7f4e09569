package org.companyner.vocab;

import java.util.Arrays;

/**
 * An open-addressing hash map from {@code long} keys to non-negative {@code int} values, without
 * boxing: bigram and gazetteer look-ups run once or dozens of times per character on the hot path.
 * Insert-only; {@link #get} returns a default for absent keys.
 */
public final class LongIntMap {
    private static final int EMPTY = -1;
    private long[] keys;
    private int[] values;
    private int size;
    private int mask;

    public LongIntMap(int expected) {
        int cap = Integer.highestOneBit(Math.max(4, expected) * 2 - 1) << 1;
        keys = new long[cap];
        values = new int[cap];
        Arrays.fill(values, EMPTY);
        mask = cap - 1;
    }

    private static int mix(long k) {
        long h = k * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    /** Sets {@code key} to {@code value} (≥ 0). */
    public void put(long key, int value) {
        if (value < 0) {
            throw new IllegalArgumentException("values must be non-negative");
        }
        if ((size + 1) * 2 > keys.length) {
            grow();
        }
        int i = mix(key) & mask;
        while (values[i] != EMPTY && keys[i] != key) {
            i = (i + 1) & mask;
        }
        if (values[i] == EMPTY) {
            size++;
        }
        keys[i] = key;
        values[i] = value;
    }

    /** The value of {@code key}, or {@code absent}. */
    public int get(long key, int absent) {
        int i = mix(key) & mask;
        while (values[i] != EMPTY) {
            if (keys[i] == key) {
                return values[i];
            }
            i = (i + 1) & mask;
        }
        return absent;
    }

    public boolean contains(long key) {
        return get(key, EMPTY) != EMPTY;
    }

    public int size() {
        return size;
    }

    /** The keys, in no particular order. */
    public long[] keys() {
        long[] out = new long[size];
        int n = 0;
        for (int i = 0; i < keys.length; i++) {
            if (values[i] != EMPTY) {
                out[n++] = keys[i];
            }
        }
        return out;
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new int[oldKeys.length * 2];
        Arrays.fill(values, EMPTY);
        mask = keys.length - 1;
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldValues[i] != EMPTY) {
                put(oldKeys[i], oldValues[i]);
            }
        }
    }
}
