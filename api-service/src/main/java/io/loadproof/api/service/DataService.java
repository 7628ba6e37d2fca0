package io.loadproof.api.service;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.loadproof.api.cache.ReadCache;
import io.loadproof.api.queue.WriteStreamProducer;
import io.smallrye.mutiny.Uni;

/**
 * One {@code /api/data} request: five documents enqueued in one stream entry, five reads from the
 * cache. The response waits for Redis to accept the entry and for nothing else.
 */
@ApplicationScoped
public class DataService {

    private final WriteStreamProducer producer;
    private final ReadCache cache;

    public DataService(WriteStreamProducer producer, ReadCache cache) {
        this.producer = producer;
        this.cache = cache;
    }

    public record DataResult(List<String> reads, List<String> writes, boolean cached) {
    }

    public Uni<DataResult> handle() {
        return Uni.combine().all().unis(producer.enqueueNewRequest(), cache.reads())
                .with((writes, reads) -> new DataResult(readsOrOwnWrites(reads.ids(), writes), writes, reads.cached()));
    }

    /**
     * Five reads, never null: the cached ids first, then, where fewer are known (an empty or cold
     * cache), the request's own ids, which is what the original's reads returned after its own inserts.
     */
    static List<String> readsOrOwnWrites(List<String> cached, List<String> writes) {
        if (cached.size() >= writes.size()) {
            return cached.size() == writes.size() ? cached : cached.subList(0, writes.size());
        }
        List<String> reads = new ArrayList<>(cached);
        reads.addAll(writes.subList(cached.size(), writes.size()));
        return reads;
    }
}
