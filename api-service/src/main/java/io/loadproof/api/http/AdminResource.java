package io.loadproof.api.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import io.loadproof.api.cache.ReadCache;
import io.loadproof.api.config.ApiConfig;
import io.smallrye.mutiny.Uni;

@Path("/api/admin")
@Produces(MediaType.APPLICATION_JSON)
public class AdminResource {

    private static final String BEARER = "Bearer ";

    private final ReadCache cache;
    private final Optional<byte[]> token;

    public AdminResource(ReadCache cache, ApiConfig config) {
        this.cache = cache;
        this.token = config.admin().token().filter(value -> !value.isBlank())
                .map(value -> value.getBytes(StandardCharsets.UTF_8));
    }

    @POST
    @Path("/cache/flush")
    public Uni<FlushedBody> flushCache(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        if (!isAuthorized(authorization)) {
            return Uni.createFrom().failure(new UnauthorizedException());
        }
        return cache.flush()
                .onFailure().transform(failure -> new DependencyUnavailableException(
                        "cache flush failed: Redis cannot be reached"))
                .map(ignored -> FlushedBody.now());
    }

    private boolean isAuthorized(String authorization) {
        if (token.isEmpty() || authorization == null || !authorization.startsWith(BEARER)) {
            return false;
        }
        byte[] presented = authorization.substring(BEARER.length()).getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(presented, token.get());
    }

    /** 401 without detail: the caller learns nothing about the token. */
    static final class UnauthorizedException extends RuntimeException {
        UnauthorizedException() {
            super("a valid bearer token is required", null, false, false);
        }
    }
}
