package io.loadproof.api.queue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.loadproof.model.RedisKeys;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;

/**
 * Sends the XADDs asked for during one turn of an event loop to Redis together: all the commands in
 * one write on one connection, which Redis reads in one go and answers in one write, instead of a
 * pooled connection, a write and a read for each. Still one entry per request, and each request gets
 * its own entry id back. A batch fails as a whole on its first error reply (the Vert.x client's
 * {@code batch}), so an entry Redis accepted may then be answered with a 503: a 503 never promised
 * that nothing was stored, and a 200 still means Redis accepted that very entry.
 * <p>
 * With {@code minReplicas} above 0, a {@code WAIT minReplicas timeout} ends each batch, on the same
 * connection: it returns once that many replicas have acknowledged everything the connection wrote,
 * or at the timeout with the number that did. One {@code WAIT} per batch, not per request; fewer
 * acknowledgements than asked fail every request of the batch ({@link ReplicasBehindException}).
 */
final class XaddBatcher {

    /** The XADDs of the current turn of one event-loop thread; touched by that thread only. */
    private static final class Turn {
        final List<Request> commands = new ArrayList<>();
        final List<UniEmitter<? super String>> waiting = new ArrayList<>();
    }

    private final Redis redis;
    private final int minReplicas;
    private final Duration waitTimeout;
    private final ThreadLocal<Turn> turns = new ThreadLocal<>();

    /** @param waitTimeout at least 1 ms: {@code WAIT n 0} would block forever */
    XaddBatcher(Redis redis, int minReplicas, Duration waitTimeout) {
        this.redis = redis;
        this.minReplicas = minReplicas;
        this.waitTimeout = Duration.ofMillis(Math.max(1, waitTimeout.toMillis()));
    }

    /** @return the entry id, once Redis has accepted the entry */
    Uni<String> append(byte[] entry) {
        return Uni.createFrom().emitter(emitter -> {
            Request xadd = Request.cmd(Command.XADD).arg(RedisKeys.WRITE_STREAM).arg("*").arg(RedisKeys.ENTRY_FIELD)
                    .arg(entry);
            Context context = Vertx.currentContext();
            if (context == null || !Context.isOnEventLoopThread()) {
                send(List.of(xadd), List.of(emitter));
                return;
            }
            Turn turn = turns.get();
            if (turn == null) {
                turn = new Turn();
                turns.set(turn);
                // Runs once this turn's ready connections have been read, on this same thread.
                context.runOnContext(ignored -> flush());
            }
            turn.commands.add(xadd);
            turn.waiting.add(emitter);
        });
    }

    private void flush() {
        Turn turn = turns.get();
        turns.remove();
        send(turn.commands, turn.waiting);
    }

    private void send(List<Request> xadds, List<UniEmitter<? super String>> waiting) {
        List<Request> commands = xadds;
        if (minReplicas > 0) {
            commands = new ArrayList<>(xadds);
            commands.add(Request.cmd(Command.WAIT).arg(minReplicas).arg(waitTimeout.toMillis()));
        }
        Uni<List<Response>> sent = commands.size() == 1
                ? redis.send(commands.get(0)).map(List::of)
                : redis.batch(commands);
        sent.subscribe().with(replies -> {
            if (minReplicas > 0) {
                int acknowledged = replies.get(replies.size() - 1).toInteger();
                if (acknowledged < minReplicas) {
                    Throwable behind = new ReplicasBehindException(acknowledged, minReplicas, waitTimeout);
                    waiting.forEach(emitter -> emitter.fail(behind));
                    return;
                }
            }
            for (int i = 0; i < waiting.size(); i++) {
                waiting.get(i).complete(replies.get(i).toString());
            }
        }, failure -> waiting.forEach(emitter -> emitter.fail(failure)));
    }
}
