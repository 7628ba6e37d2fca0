package io.loadproof.embedded.mongo;

import java.util.List;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.AbstractMongoBackend;
import de.bwaldvogel.mongo.backend.AbstractSynchronizedMongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import de.bwaldvogel.mongo.backend.memory.index.MemoryUniqueIndex;

/**
 * The in-memory backend of the wire server, in two storages. For tests, mongo-java-server's own:
 * every document as the client sent it. For the lab, the MongoDB stand-in that must hold the
 * 48 million documents of a 13-minute profile run: each document kept as its BSON bytes with its
 * payload reduced to a {@link PayloadDigest} (whether it was valid, its length, a hash), every
 * other field as sent ({@link EncodedCollection}), and a flat {@code _id} index
 * ({@link ObjectIdIndex}). Measured (CompactMemoryBackendTest): 1.4 KB of heap per document
 * for the test storage, 150 bytes for the lab's.
 */
class CompactMemoryBackend extends AbstractMongoBackend {

    private final boolean digestPayloads;

    /** @param digestPayloads the lab's storage: documents encoded, payloads reduced to digests */
    CompactMemoryBackend(boolean digestPayloads) {
        this.digestPayloads = digestPayloads;
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        return digestPayloads ? new DigestDatabase(databaseName, getCursorRegistry())
                : new MemoryDatabase(databaseName, getCursorRegistry());
    }

    private static final class DigestDatabase extends AbstractSynchronizedMongoDatabase<Integer> {

        DigestDatabase(String name, CursorRegistry cursorRegistry) {
            super(name, cursorRegistry);
            initializeNamespacesAndIndexes();
        }

        @Override
        protected MongoCollection<Integer> openOrCreateCollection(String collectionName, CollectionOptions options) {
            return new EncodedCollection(this, collectionName, options, cursorRegistry);
        }

        @Override
        protected Index<Integer> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys,
                boolean sparse) {
            return ObjectIdIndex.fits(keys, sparse) ? new ObjectIdIndex(indexName, keys)
                    : new MemoryUniqueIndex(indexName, keys, sparse);
        }

        @Override
        protected long getStorageSize() {
            return 0;
        }

        @Override
        protected long getFileSize() {
            return 0;
        }
    }
}
