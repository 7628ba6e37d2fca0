package io.loadproof.lab.audit;

import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.bson.Document;
import org.bson.types.ObjectId;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;

import io.loadproof.embedded.mongo.PayloadDigest;
import io.loadproof.model.MongoNames;
import io.loadproof.model.QueuedWrite;

/** The audited collection, read through the MongoDB driver: how many documents it holds, and those of given ids. */
final class StoredDocuments implements AutoCloseable {

    /**
     * Ids per query. The lab's stand-in matches an {@code $in} against each document it finds by
     * walking the whole list, so the work grows with the square of a batch.
     */
    private static final int IDS_PER_QUERY = 200;

    /** What the documents of a set of ids showed. */
    record IdCheck(long checked, long missing, long duplicated, long invalid) {
    }

    private final MongoClient client;
    private final MongoCollection<Document> records;
    private final boolean countByMetadata;

    /**
     * @param countByMetadata count with the collection's metadata: exact on the lab's stand-in, whose
     *                        exact count would read every document; a real MongoDB is counted exactly
     */
    StoredDocuments(String mongoUri, boolean countByMetadata) {
        this.client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(mongoUri))
                .applyToSocketSettings(socket -> socket.readTimeout(5, TimeUnit.MINUTES))
                .build());
        this.records = client.getDatabase(MongoNames.DATABASE).getCollection(MongoNames.COLLECTION);
        this.countByMetadata = countByMetadata;
    }

    long count() {
        return countByMetadata ? records.estimatedDocumentCount() : records.countDocuments();
    }

    /** Each id must be stored exactly once, as a valid written document. */
    IdCheck check(List<ObjectId> ids) {
        long missing = 0;
        long duplicated = 0;
        long invalid = 0;
        for (int from = 0; from < ids.size(); from += IDS_PER_QUERY) {
            List<ObjectId> batch = ids.subList(from, Math.min(ids.size(), from + IDS_PER_QUERY));
            Map<Object, Integer> seen = new HashMap<>();
            for (Document document : records.find(Filters.in(MongoNames.ID, batch))) {
                seen.merge(document.get(MongoNames.ID), 1, Integer::sum);
                invalid += isValidWrite(document) ? 0 : 1;
            }
            missing += batch.stream().filter(id -> !seen.containsKey(id)).count();
            duplicated += seen.values().stream().filter(times -> times > 1).count();
        }
        return new IdCheck(ids.size(), missing, duplicated, invalid);
    }

    /** A document as the contract writes them: type "write", index 0-4, a valid payload (or its digest), a date. */
    static boolean isValidWrite(Document document) {
        return MongoNames.WRITE_TYPE.equals(document.get(MongoNames.TYPE))
                && document.get(MongoNames.INDEX) instanceof Integer index
                && index >= 0 && index < QueuedWrite.DOCUMENTS_PER_REQUEST
                && PayloadDigest.isValidStoredPayload(document.get(MongoNames.PAYLOAD))
                && document.get(MongoNames.TIMESTAMP) instanceof Date;
    }

    static List<ObjectId> ids(List<String> lines) {
        List<ObjectId> ids = new ArrayList<>();
        for (String line : lines) {
            if (ObjectId.isValid(line.trim())) {
                ids.add(new ObjectId(line.trim()));
            }
        }
        return ids;
    }

    @Override
    public void close() {
        client.close();
    }
}
