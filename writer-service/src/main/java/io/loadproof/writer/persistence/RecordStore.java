package io.loadproof.writer.persistence;

import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.bson.BsonBinaryWriter;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.io.BasicOutputBuffer;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.InsertManyOptions;

import io.loadproof.model.MongoNames;
import io.loadproof.model.QueuedDocument;

/**
 * The facade over MongoDB: the writer sends exactly two kinds of command, an unordered
 * insertMany of a batch and a ping, each of which the caller has paid for with a budget slot.
 */
public final class RecordStore {

    static final int DUPLICATE_KEY = 11000;

    private static final InsertManyOptions UNORDERED = new InsertManyOptions().ordered(false);
    private static final Document PING = new Document("ping", 1);

    private final MongoDatabase database;
    private final MongoCollection<RawBsonDocument> records;

    public RecordStore(MongoClient client) {
        this.database = client.getDatabase(MongoNames.DATABASE);
        this.records = database.getCollection(MongoNames.COLLECTION, RawBsonDocument.class);
    }

    /**
     * The stored form of a queued document, encoded straight to BSON: {@code _id}, {@code type},
     * {@code index}, {@code payload}, {@code timestamp} (a BSON date). Writing the five fields by
     * hand skips the driver's per-value codec lookups, which cost a fifth of the writer's CPU.
     */
    public static RawBsonDocument encode(QueuedDocument document) {
        BasicOutputBuffer buffer = new BasicOutputBuffer(640);
        try (BsonBinaryWriter writer = new BsonBinaryWriter(buffer)) {
            writer.writeStartDocument();
            writer.writeObjectId(MongoNames.ID, document.id());
            writer.writeString(MongoNames.TYPE, document.type());
            writer.writeInt32(MongoNames.INDEX, document.index());
            writer.writeString(MongoNames.PAYLOAD, document.payload());
            writer.writeDateTime(MongoNames.TIMESTAMP, document.timestamp().toEpochMilli());
            writer.writeEndDocument();
        }
        return new RawBsonDocument(buffer.getInternalBuffer(), 0, buffer.getPosition());
    }

    /** The same document as {@link #encode} makes, as a {@link Document} (for tests and tools). */
    public static Document toDocument(QueuedDocument document) {
        Document stored = new Document(MongoNames.ID, document.id());
        stored.put(MongoNames.TYPE, document.type());
        stored.put(MongoNames.INDEX, document.index());
        stored.put(MongoNames.PAYLOAD, document.payload());
        stored.put(MongoNames.TIMESTAMP, Date.from(document.timestamp()));
        return stored;
    }

    /**
     * One unordered insertMany (one command: batches stay within the smallest maxWriteBatchSize).
     *
     * @throws DatabaseUnavailableException for anything but per-document write errors
     */
    public InsertResult insert(List<RawBsonDocument> documents) throws DatabaseUnavailableException {
        try {
            records.insertMany(documents, UNORDERED);
            return new InsertResult(documents.size(), 0, Map.of());
        } catch (MongoBulkWriteException e) {
            if (e.getWriteConcernError() != null) {
                // Written, perhaps, but not as durably as asked: not acknowledged, so try again.
                throw new DatabaseUnavailableException(e);
            }
            int duplicates = 0;
            Map<Integer, String> rejected = new HashMap<>();
            for (BulkWriteError error : e.getWriteErrors()) {
                if (isDuplicateId(error)) {
                    duplicates++;
                } else {
                    rejected.put(error.getIndex(), "MongoDB error " + error.getCode() + ": " + error.getMessage());
                }
            }
            return new InsertResult(documents.size(), duplicates, rejected);
        } catch (RuntimeException e) {
            throw new DatabaseUnavailableException(e);
        }
    }

    /** {@code ping} on the database. @throws DatabaseUnavailableException when it does not answer ok */
    public void ping() throws DatabaseUnavailableException {
        try {
            database.runCommand(PING);
        } catch (RuntimeException e) {
            throw new DatabaseUnavailableException(e);
        }
    }

    /**
     * E11000 on {@code _id} means the document was stored by an earlier delivery: written. E11000 on
     * another unique index names that index in its message ({@code index: payload_1 dup key ...}),
     * and is a genuine rejection of a different document's twin.
     */
    static boolean isDuplicateId(BulkWriteError error) {
        if (error.getCode() != DUPLICATE_KEY) {
            return false;
        }
        String message = error.getMessage() == null ? "" : error.getMessage();
        return !message.contains("index:") || message.contains("index: _id_ ");
    }
}
