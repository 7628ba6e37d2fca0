package io.loadproof.api.http;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.loadproof.api.queue.QueueStatusReader;
import io.loadproof.api.service.DataService;
import io.loadproof.api.service.StatsService;
import io.smallrye.mutiny.Uni;

@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class DataResource {

    private final DataService data;
    private final StatsService stats;
    private final QueueStatusReader queue;

    public DataResource(DataService data, StatsService stats, QueueStatusReader queue) {
        this.data = data;
        this.stats = stats;
        this.queue = queue;
    }

    @GET
    @Path("/data")
    public Uni<DataBody> data() {
        return data.handle().map(result -> DataBody.success(result.reads(), result.writes(), result.cached()));
    }

    @GET
    @Path("/stats")
    public Uni<StatsBody> stats() {
        return stats.documentCount()
                .onFailure().transform(failure -> new DependencyUnavailableException(
                        "document count unavailable: MongoDB cannot be reached"))
                .map(StatsBody::of);
    }

    @GET
    @Path("/queue")
    public Uni<QueueBody> queue() {
        return queue.status()
                .onFailure().transform(failure -> new DependencyUnavailableException(
                        "queue status unavailable: Redis cannot be reached"))
                .map(QueueBody::of);
    }
}
