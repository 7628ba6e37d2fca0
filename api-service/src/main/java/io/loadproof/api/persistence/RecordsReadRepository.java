package io.loadproof.api.persistence;

import java.time.Duration;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.Document;
import org.bson.types.ObjectId;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;

import io.loadproof.model.MongoNames;
import io.quarkus.mongodb.FindOptions;
import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import io.smallrye.mutiny.Uni;

/** The API's only view of MongoDB: two cheap queries, each issued at most once per refresh. */
@ApplicationScoped
public class RecordsReadRepository {

    private static final Duration QUERY_TIMEOUT = Duration.ofMillis(1500);

    private final ReactiveMongoCollection<Document> records;

    public RecordsReadRepository(ReactiveMongoClient mongo) {
        this.records = mongo.getDatabase(MongoNames.DATABASE).getCollection(MongoNames.COLLECTION);
    }

    /** The newest ids of written documents, newest first (the {@code _id} index serves the sort). */
    public Uni<List<String>> newestIds(int limit) {
        FindOptions options = new FindOptions()
                .filter(Filters.eq(MongoNames.TYPE, MongoNames.WRITE_TYPE))
                .projection(Projections.include(MongoNames.ID))
                .sort(Sorts.descending(MongoNames.ID))
                .limit(limit);
        return records.find(options)
                .map(document -> document.get(MongoNames.ID))
                .filter(ObjectId.class::isInstance)
                .map(id -> ((ObjectId) id).toHexString())
                .collect().asList()
                .ifNoItem().after(QUERY_TIMEOUT).fail();
    }

    /** The number of documents, from the collection's metadata: one cheap command, no scan. */
    public Uni<Long> count() {
        return records.estimatedDocumentCount()
                .ifNoItem().after(QUERY_TIMEOUT).fail();
    }
}
