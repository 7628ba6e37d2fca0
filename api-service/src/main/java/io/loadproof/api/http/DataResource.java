package io.loadproof.api.http;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.loadproof.api.http.ApiResponses.Data;
import io.loadproof.api.http.ApiResponses.Queue;
import io.loadproof.api.http.ApiResponses.Stats;
import io.loadproof.api.queue.BacklogMonitor;
import io.loadproof.api.queue.WriteQueue;
import io.loadproof.api.service.DataService;
import io.loadproof.api.service.StatsService;
import io.smallrye.mutiny.Uni;

@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class DataResource {

    private final DataService data;
    private final StatsService stats;
    private final WriteQueue queue;
    private final BacklogMonitor backlog;

    public DataResource(DataService data, StatsService stats, WriteQueue queue, BacklogMonitor backlog) {
        this.data = data;
        this.stats = stats;
        this.queue = queue;
        this.backlog = backlog;
    }

    @GET
    @Path("/data")
    public Uni<Data> data() {
        return data.handle().map(result -> new Data("success", result.reads(), result.writes(), ApiResponses.now(),
                true, result.cached()));
    }

    @GET
    @Path("/stats")
    public Uni<Stats> stats() {
        return stats.documentCount()
                .onFailure().transform(failure -> new DependencyUnavailableException(
                        "document count unavailable: MongoDB cannot be reached"))
                .map(count -> new Stats(count, ApiResponses.now()));
    }

    @GET
    @Path("/queue")
    public Uni<Queue> queue() {
        return queue.status(backlog.maxSize())
                .onFailure().transform(failure -> new DependencyUnavailableException(
                        "queue status unavailable: Redis cannot be reached"))
                .map(status -> new Queue(status.backlog(), status.pending(), status.consumers(),
                        status.oldestUnwrittenAgeMillis(), status.deadLetters(), status.maxSize(), ApiResponses.now()));
    }
}
