package io.loadproof.embedded.mongo;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.AbstractUniqueIndex;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import de.bwaldvogel.mongo.exception.DuplicateKeyError;

/**
 * The {@code _id} index of the lab's storage: ObjectId keys in three flat arrays (open addressing,
 * linear probing), any other key in a map. The library's index keeps five objects per document
 * (about 170 bytes) in a hash map whose hash of an ObjectId (a polynomial over its bytes, where
 * consecutive counters collide) piles thousands of keys into tree bins; this one holds 16 bytes
 * per slot and mixes all twelve bytes.
 */
final class ObjectIdIndex extends AbstractUniqueIndex<Integer> {

    private static final String ID = "_id";
    private static final int INITIAL_CAPACITY = 1 << 16;
    private static final double MAX_LOAD = 0.75;

    private long[] high = new long[INITIAL_CAPACITY];
    private int[] low = new int[INITIAL_CAPACITY];
    /** Position + 1; 0 marks a free slot. */
    private int[] positions = new int[INITIAL_CAPACITY];
    private int size;
    private final Map<KeyValue, Integer> otherKeys = new HashMap<>();

    ObjectIdIndex(String name, List<IndexKey> keys) {
        super(name, keys, false);
    }

    /** The index for these keys, if it is an {@code _id} index. */
    static boolean fits(List<IndexKey> keys, boolean sparse) {
        return !sparse && keys.size() == 1 && keys.get(0).getKey().equals(ID);
    }

    /** The base class finds a document's keys through a path split by a regular expression: a third of an insert. */
    @Override
    public synchronized void checkAdd(Document document, MongoCollection<Integer> collection) {
        if (!(document.get(ID) instanceof ObjectId id)) {
            super.checkAdd(document, collection);
        } else if (slotOf(id) >= 0) {
            throw new DuplicateKeyError(this, collection, getKeys(), new KeyValue(id));
        }
    }

    @Override
    public synchronized void add(Document document, Integer position, MongoCollection<Integer> collection) {
        if (document.get(ID) instanceof ObjectId id) {
            checkAdd(document, collection);
            put(id, position);
        } else {
            super.add(document, position, collection);
        }
    }

    @Override
    protected synchronized boolean putKeyPosition(KeyValue key, Integer position) {
        ObjectId id = objectId(key);
        if (id == null) {
            return otherKeys.putIfAbsent(key, position) == null;
        }
        if (slotOf(id) >= 0) {
            return false;
        }
        put(id, position);
        return true;
    }

    private void put(ObjectId id, int position) {
        if (size + 1 > positions.length * MAX_LOAD) {
            resize(positions.length * 2);
        }
        insert(highOf(id), lowOf(id), position + 1);
        size++;
    }

    @Override
    protected synchronized Integer getPosition(KeyValue key) {
        ObjectId id = objectId(key);
        if (id == null) {
            return otherKeys.get(key);
        }
        int slot = slotOf(id);
        return slot < 0 ? null : positions[slot] - 1;
    }

    @Override
    protected synchronized Integer removeDocument(KeyValue key) {
        ObjectId id = objectId(key);
        if (id == null) {
            return otherKeys.remove(key);
        }
        int slot = slotOf(id);
        if (slot < 0) {
            return null;
        }
        int position = positions[slot] - 1;
        shiftBackFrom(slot);
        size--;
        return position;
    }

    @Override
    protected synchronized Iterable<Entry<KeyValue, Integer>> getIterable() {
        List<Entry<KeyValue, Integer>> entries = new ArrayList<>(otherKeys.entrySet());
        for (int slot = 0; slot < positions.length; slot++) {
            if (positions[slot] != 0) {
                byte[] id = ByteBuffer.allocate(12).putLong(high[slot]).putInt(low[slot]).array();
                entries.add(Map.entry(new KeyValue(new ObjectId(id)), positions[slot] - 1));
            }
        }
        return entries;
    }

    @Override
    public synchronized long getCount() {
        return size + otherKeys.size();
    }

    @Override
    public long getDataSize() {
        return getCount();
    }

    private static ObjectId objectId(KeyValue key) {
        return key.size() == 1 && key.get(0) instanceof ObjectId id ? id : null;
    }

    private static long highOf(ObjectId id) {
        return ByteBuffer.wrap(id.toByteArray()).getLong(0);
    }

    private static int lowOf(ObjectId id) {
        return ByteBuffer.wrap(id.toByteArray()).getInt(8);
    }

    /** The slot holding this id, or -1. */
    private int slotOf(ObjectId id) {
        long idHigh = highOf(id);
        int idLow = lowOf(id);
        int mask = positions.length - 1;
        for (int slot = hash(idHigh, idLow) & mask; positions[slot] != 0; slot = (slot + 1) & mask) {
            if (high[slot] == idHigh && low[slot] == idLow) {
                return slot;
            }
        }
        return -1;
    }

    private void insert(long idHigh, int idLow, int storedPosition) {
        int mask = positions.length - 1;
        int slot = hash(idHigh, idLow) & mask;
        while (positions[slot] != 0) {
            slot = (slot + 1) & mask;
        }
        high[slot] = idHigh;
        low[slot] = idLow;
        positions[slot] = storedPosition;
    }

    /** Linear probing's deletion: later entries of the same run move back, so no lookup stops early. */
    private void shiftBackFrom(int emptied) {
        int mask = positions.length - 1;
        int free = emptied;
        for (int slot = (free + 1) & mask; positions[slot] != 0; slot = (slot + 1) & mask) {
            int home = hash(high[slot], low[slot]) & mask;
            boolean movable = free <= slot ? home <= free || home > slot : home <= free && home > slot;
            if (movable) {
                high[free] = high[slot];
                low[free] = low[slot];
                positions[free] = positions[slot];
                free = slot;
            }
        }
        positions[free] = 0;
    }

    private void resize(int capacity) {
        long[] oldHigh = high;
        int[] oldLow = low;
        int[] oldPositions = positions;
        high = new long[capacity];
        low = new int[capacity];
        positions = new int[capacity];
        for (int slot = 0; slot < oldPositions.length; slot++) {
            if (oldPositions[slot] != 0) {
                insert(oldHigh[slot], oldLow[slot], oldPositions[slot]);
            }
        }
    }

    /** Murmur3's 64-bit finalizer over both parts of the id. */
    private static int hash(long idHigh, int idLow) {
        long h = idHigh ^ (idLow * 0x9E3779B97F4A7C15L);
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return (int) h;
    }
}
