package io.loadproof.writer.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.loadproof.model.EnvironmentVariable;

/** The service reads exactly the environment variables the contract lists for it. */
class WriterEnvironmentVariablesTest {

    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{([A-Za-z0-9_.\\-]+)(:[^}]*)?}");

    @Test
    void applicationPropertiesReadsOnlyTheListedEnvironmentVariables() throws IOException {
        String properties;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("application.properties")) {
            assertThat(in).isNotNull();
            properties = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Set<String> read = new LinkedHashSet<>();
        for (String line : properties.split("\n")) {
            if (line.strip().startsWith("#")) {
                continue;
            }
            Matcher matcher = EXPRESSION.matcher(line);
            while (matcher.find()) {
                read.add(matcher.group(1));
            }
        }
        List<String> allowed = new ArrayList<>(EnvironmentVariable.SHARED);
        allowed.addAll(EnvironmentVariable.WRITER_SERVICE);

        assertThat(read).allSatisfy(name -> assertThat(allowed).contains(name));
        assertThat(read).containsAll(EnvironmentVariable.WRITER_SERVICE);
        assertThat(read).contains(EnvironmentVariable.REDIS_URL.name(), EnvironmentVariable.REDIS_PASSWORD.name(),
                EnvironmentVariable.MONGO_URI.name(), EnvironmentVariable.CACHE_TTL.name(), EnvironmentVariable.PORT.name());
    }
}
