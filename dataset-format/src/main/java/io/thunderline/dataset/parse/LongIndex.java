package io.thunderline.dataset.parse;

/**
 * A compact hash table from 64-bit keys to 64-bit values (open addressing, linear probing), used to find
 * duplicate examples while streaming large files: 16 bytes per slot instead of a HashMap entry's ~100.
 */
final class LongIndex {

    /** Returned by {@link #putIfAbsent} when the key was not present. */
    static final long ABSENT = Long.MIN_VALUE;

    private long[] keys = new long[64];
    private long[] values = new long[64];
    private int size;

    /** Stores {@code value} under {@code key} unless the key is present; returns the present value or ABSENT. */
    long putIfAbsent(long key, long value) {
        if (key == 0) {
            key = 1; // 0 marks an empty slot
        }
        int mask = keys.length - 1;
        int slot = spread(key) & mask;
        while (keys[slot] != 0) {
            if (keys[slot] == key) {
                return values[slot];
            }
            slot = (slot + 1) & mask;
        }
        keys[slot] = key;
        values[slot] = value;
        if (++size * 4 >= keys.length * 3) {
            grow();
        }
        return ABSENT;
    }

    int size() {
        return size;
    }

    private void grow() {
        long[] oldKeys = keys;
        long[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new long[oldValues.length * 2];
        int mask = keys.length - 1;
        for (int i = 0; i < oldKeys.length; i++) {
            long key = oldKeys[i];
            if (key != 0) {
                int slot = spread(key) & mask;
                while (keys[slot] != 0) {
                    slot = (slot + 1) & mask;
                }
                keys[slot] = key;
                values[slot] = oldValues[i];
            }
        }
    }

    private static int spread(long key) {
        return (int) (key ^ (key >>> 32));
    }
}
