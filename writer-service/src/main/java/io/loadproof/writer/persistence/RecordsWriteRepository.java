package io.loadproof.writer.persistence;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Singleton;

import org.bson.Document;
import org.bson.RawBsonDocument;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoException;
import com.mongodb.WriteConcern;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.InsertManyOptions;

import io.loadproof.model.MongoNames;

/**
 * The writer's side of {@code records}: it sends exactly two kinds of command, an unordered
 * insertMany of a batch and a ping, each of which the caller has paid for with a budget slot.
 */
@Singleton
public class RecordsWriteRepository {

    static final int DUPLICATE_KEY = 11000;

    /**
     * An entry is deleted from the stream once its documents are inserted, so "inserted" must mean
     * "in MongoDB's journal": {@code j: true} on every insert, whatever the client's default says.
     */
    public static final WriteConcern INSERT_WRITE_CONCERN = WriteConcern.JOURNALED;

    private static final InsertManyOptions UNORDERED = new InsertManyOptions().ordered(false);
    private static final Document PING = new Document("ping", 1);

    private final MongoDatabase database;
    private final MongoCollection<RawBsonDocument> records;

    public RecordsWriteRepository(MongoClient client) {
        this.database = client.getDatabase(MongoNames.DATABASE);
        this.records = database.getCollection(MongoNames.COLLECTION, RawBsonDocument.class)
                .withWriteConcern(INSERT_WRITE_CONCERN);
    }

    /**
     * One unordered insertMany (one command: batches stay within the smallest maxWriteBatchSize).
     *
     * @throws DatabaseUnavailableException for the driver's failures other than per-document write errors
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
            return perDocumentOutcome(documents.size(), e.getWriteErrors());
        } catch (MongoException e) {
            // The driver's own failures (no server, timeouts, command errors); anything else is a bug, not an outage.
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

    private static InsertResult perDocumentOutcome(int documents, List<BulkWriteError> errors) {
        int duplicates = 0;
        Map<Integer, String> rejected = new HashMap<>();
        for (BulkWriteError error : errors) {
            if (isDuplicateId(error)) {
                duplicates++;
            } else {
                rejected.put(error.getIndex(), "MongoDB error " + error.getCode() + ": " + error.getMessage());
            }
        }
        return new InsertResult(documents, duplicates, rejected);
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
