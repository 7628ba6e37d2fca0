package io.loadproof.writer.support;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.bson.Document;
import org.bson.types.ObjectId;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;

import io.loadproof.model.MongoNames;
import io.loadproof.model.QueuedDocument;
import io.loadproof.model.QueuedWrite;

import static org.assertj.core.api.Assertions.assertThat;

/** Reads what the writer stored, to compare with what was queued. */
public final class Records {

    private final MongoCollection<Document> records;

    public Records(com.mongodb.client.MongoClient client) {
        this.records = client.getDatabase(MongoNames.DATABASE).getCollection(MongoNames.COLLECTION);
    }

    public MongoCollection<Document> collection() {
        return records;
    }

    public long countOf(Collection<ObjectId> ids) {
        long count = 0;
        List<ObjectId> chunk = new ArrayList<>(1000);
        for (ObjectId id : ids) {
            chunk.add(id);
            if (chunk.size() == 1000) {
                count += records.countDocuments(Filters.in(MongoNames.ID, chunk));
                chunk.clear();
            }
        }
        if (!chunk.isEmpty()) {
            count += records.countDocuments(Filters.in(MongoNames.ID, chunk));
        }
        return count;
    }

    /** The stored form of a queued document, as a {@link Document}: what the writer's BSON must equal. */
    public static Document toDocument(QueuedDocument document) {
        Document stored = new Document(MongoNames.ID, document.id());
        stored.put(MongoNames.TYPE, document.type());
        stored.put(MongoNames.INDEX, document.index());
        stored.put(MongoNames.PAYLOAD, document.payload());
        stored.put(MongoNames.TIMESTAMP, Date.from(document.timestamp()));
        return stored;
    }

    public long total() {
        return records.countDocuments();
    }

    /** Every document of the writes is stored exactly once, with exactly the queued fields. */
    public void assertStoredExactly(List<QueuedWrite> writes) {
        Map<ObjectId, QueuedDocument> expected = new HashMap<>();
        for (QueuedWrite write : writes) {
            for (QueuedDocument document : write.documents()) {
                expected.put(document.id(), document);
            }
        }
        List<Document> stored = new ArrayList<>();
        List<ObjectId> ids = new ArrayList<>(expected.keySet());
        for (int from = 0; from < ids.size(); from += 1000) {
            records.find(Filters.in(MongoNames.ID, ids.subList(from, Math.min(ids.size(), from + 1000))))
                    .into(stored);
        }
        assertThat(stored).hasSize(expected.size());
        for (Document document : stored) {
            QueuedDocument queued = expected.get(document.getObjectId(MongoNames.ID));
            assertThat(queued).isNotNull();
            assertThat(document.keySet()).containsExactlyInAnyOrder(MongoNames.ID, MongoNames.TYPE, MongoNames.INDEX,
                    MongoNames.PAYLOAD, MongoNames.TIMESTAMP);
            assertThat(document.getString(MongoNames.TYPE)).isEqualTo(MongoNames.WRITE_TYPE);
            assertThat(document.getInteger(MongoNames.INDEX)).isEqualTo(queued.index());
            assertThat(document.getString(MongoNames.PAYLOAD)).isEqualTo(queued.payload());
            assertThat(document.get(MongoNames.TIMESTAMP)).isInstanceOf(Date.class);
            assertThat(document.getDate(MongoNames.TIMESTAMP).toInstant()).isEqualTo(queued.timestamp());
        }
    }
}
