package io.loadproof.embedded;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryCollection;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import de.bwaldvogel.mongo.bson.Document;

/**
 * The memory backend, storing each document with its field names and short string values shared
 * instead of decoded afresh per document. Millions of documents with the same five field names
 * and the same {@code "write"} type are what the lab stores; sharing cuts about a fifth of the
 * heap they need, which decides whether a lab run fits in this machine's memory.
 */
class CompactMemoryBackend extends MemoryBackend {

    private static final int MAX_SHARED_LENGTH = 32;
    private static final int MAX_SHARED_VALUES = 10_000;

    /** Shared across backends: the constructors of the base classes store documents before ours finish. */
    private static final Map<String, String> SHARED = new ConcurrentHashMap<>();

    @Override
    public MemoryDatabase openOrCreateDatabase(String databaseName) {
        return new CompactDatabase(databaseName, getCursorRegistry());
    }

    static Document compact(Document document) {
        Document compacted = new Document();
        for (Map.Entry<String, Object> field : document.entrySet()) {
            Object value = field.getValue();
            if (value instanceof String text && text.length() <= MAX_SHARED_LENGTH) {
                value = share(text);
            }
            compacted.put(share(field.getKey()), value);
        }
        return compacted;
    }

    private static String share(String text) {
        String known = SHARED.get(text);
        if (known != null) {
            return known;
        }
        if (SHARED.size() >= MAX_SHARED_VALUES) {
            return text;
        }
        String previous = SHARED.putIfAbsent(text, text);
        return previous == null ? text : previous;
    }

    private static final class CompactDatabase extends MemoryDatabase {
        CompactDatabase(String name, CursorRegistry cursorRegistry) {
            super(name, cursorRegistry);
        }

        @Override
        protected MemoryCollection openOrCreateCollection(String collectionName, CollectionOptions options) {
            return new CompactCollection(this, collectionName, options, cursorRegistry);
        }
    }

    private static final class CompactCollection extends MemoryCollection {
        CompactCollection(MongoDatabase database, String name, CollectionOptions options, CursorRegistry cursorRegistry) {
            super(database, name, options, cursorRegistry);
        }

        @Override
        protected Integer addDocumentInternal(Document document) {
            return super.addDocumentInternal(compact(document));
        }
    }
}
