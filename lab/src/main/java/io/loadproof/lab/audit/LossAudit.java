package io.loadproof.lab.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.bson.Document;
import org.bson.types.ObjectId;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Projections;

import io.loadproof.embedded.RespClient;
import io.loadproof.lab.load.LoadRecorder;
import io.loadproof.lab.run.Sampler;
import io.loadproof.model.MongoNames;
import io.loadproof.model.QueuedWrite;
import io.loadproof.model.RedisKeys;

/**
 * After the backlog has drained: is every acknowledged document in MongoDB, exactly once? Every
 * acknowledged request (200 + success) stands for 5 documents, so the stored count must be at least
 * 5 x acknowledged; every sampled id returned to a client must be stored exactly once. Documents
 * beyond that can only come from requests whose outcome the client did not learn (no response, or
 * an enqueue that timed out into a 503 after Redis had accepted it); more than those explain is
 * reported as unexplained.
 */
public final class LossAudit {

    private LossAudit() {
    }

    public record Result(long acknowledged, long expectedDocuments, long storedDocuments, long sampledIds,
            long sampledMissing, long sampledDuplicated, long lost, long extra, long explainableExtra,
            long deadLetters, long expectedDeadLetters, long backlogLeft, long pendingLeft) {

        public long duplicates() {
            return sampledDuplicated;
        }

        public long unexplainedExtra() {
            return Math.max(0, extra - explainableExtra);
        }

        public boolean passed() {
            return lost == 0 && sampledDuplicated == 0 && unexplainedExtra() == 0 && deadLetters == expectedDeadLetters
                    && backlogLeft == 0 && pendingLeft == 0;
        }
    }

    public static Result run(String mongoUri, RespClient redis, LoadRecorder.Summary load, Path sampledIdsFile) {
        return run(mongoUri, redis, load, sampledIdsFile, 0);
    }

    /** @param expectedDeadLetters poison entries a scenario injected on purpose */
    public static Result run(String mongoUri, RespClient redis, LoadRecorder.Summary load, Path sampledIdsFile,
            long expectedDeadLetters) {
        Map<ObjectId, Integer> sampled = readSample(sampledIdsFile);
        long stored = 0;
        MongoClientSettings settings = MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(mongoUri))
                .applyToSocketSettings(socket -> socket.readTimeout(5, TimeUnit.MINUTES))
                .build();
        try (MongoClient mongo = MongoClients.create(settings)) {
            MongoCollection<Document> records = mongo.getDatabase(MongoNames.DATABASE).getCollection(MongoNames.COLLECTION);
            for (Document document : records.find().projection(Projections.include(MongoNames.ID)).batchSize(100_000)) {
                stored++;
                Object id = document.get(MongoNames.ID);
                if (id instanceof ObjectId objectId) {
                    sampled.computeIfPresent(objectId, (key, seen) -> seen + 1);
                }
            }
        }
        long missing = sampled.values().stream().filter(seen -> seen == 0).count();
        long duplicated = sampled.values().stream().filter(seen -> seen > 1).count();
        long expected = load.acknowledged() * QueuedWrite.DOCUMENTS_PER_REQUEST;
        long lost = Math.max(0, expected - stored) + missing;
        long extra = Math.max(0, stored - expected);
        long explainable = (load.ambiguous() + load.rejected()) * QueuedWrite.DOCUMENTS_PER_REQUEST;
        long deadLetters = redis.callLong("XLEN", RedisKeys.DEAD_LETTER_STREAM);
        long backlog = redis.callLong("XLEN", RedisKeys.WRITE_STREAM);
        long pending = pending(redis);
        return new Result(load.acknowledged(), expected, stored, sampled.size(), missing, duplicated, lost, extra,
                explainable, deadLetters, expectedDeadLetters, backlog, pending);
    }

    private static long pending(RespClient redis) {
        try {
            return Sampler.pendingOf(redis.call("XPENDING", RedisKeys.WRITE_STREAM, RedisKeys.WRITER_GROUP));
        } catch (RespClient.RedisErrorReply noGroup) {
            return 0;
        }
    }

    private static Map<ObjectId, Integer> readSample(Path file) {
        Map<ObjectId, Integer> sampled = new HashMap<>();
        try {
            if (Files.exists(file)) {
                for (String line : Files.readAllLines(file)) {
                    if (ObjectId.isValid(line.trim())) {
                        sampled.put(new ObjectId(line.trim()), 0);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sampled;
    }
}
