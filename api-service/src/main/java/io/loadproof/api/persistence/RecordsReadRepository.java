package io.loadproof.api.persistence;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.Document;

import io.loadproof.model.MongoNames;
import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import io.smallrye.mutiny.Uni;

/** The API's only view of MongoDB: the document count of {@code /api/stats}, for all pods at most once per refresh. */
@ApplicationScoped
public class RecordsReadRepository {

    private static final Duration QUERY_TIMEOUT = Duration.ofMillis(1500);

    private final ReactiveMongoCollection<Document> records;

    public RecordsReadRepository(ReactiveMongoClient mongo) {
        this.records = mongo.getDatabase(MongoNames.DATABASE).getCollection(MongoNames.COLLECTION);
    }

    /** The number of documents, from the collection's metadata: one cheap command, no scan. */
    public Uni<Long> count() {
        return records.estimatedDocumentCount()
                .ifNoItem().after(QUERY_TIMEOUT).fail();
    }
}
