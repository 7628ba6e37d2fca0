package io.loadproof.api.http;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.loadproof.api.config.ApiConfig;

/** Without a configured ADMIN_TOKEN (unset, empty or blank) every admin call is refused, even "Bearer " and "Bearer". */
class CacheFlushWithoutTokenTest {

    @ParameterizedTest
    @ValueSource(strings = { "", "Bearer ", "Bearer", "Bearer  ", "Bearer null" })
    void withoutAConfiguredTokenEveryCallIsRefused(String authorization) {
        for (Optional<String> configured : List.of(Optional.<String>empty(), Optional.of(""), Optional.of("  "))) {
            AdminResource resource = new AdminResource(null, withAdminToken(configured));

            assertThatThrownBy(() -> resource.flushCache(authorization).await().indefinitely())
                    .isInstanceOf(AdminResource.UnauthorizedException.class);
        }
    }

    private static ApiConfig withAdminToken(Optional<String> token) {
        return new ApiConfig() {
            @Override
            public Queue queue() {
                throw new UnsupportedOperationException();
            }

            @Override
            public Stats stats() {
                throw new UnsupportedOperationException();
            }

            @Override
            public Admin admin() {
                return () -> token;
            }
        };
    }
}
