package io.loadproof.api.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.loadproof.model.EnvironmentVariable;

/** The environment names the API reads are exactly the ones documented for it, so manifests cannot drift. */
class ApiEnvironmentVariablesTest {

    @Test
    void applicationPropertiesReadsExactlyTheDocumentedNames() throws IOException {
        String properties;
        try (InputStream in = getClass().getResourceAsStream("/application.properties")) {
            properties = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Set<String> read = new HashSet<>();
        Matcher reference = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]").matcher(properties);
        while (reference.find()) {
            read.add(reference.group(1));
        }

        Set<String> documented = new HashSet<>(EnvironmentVariable.SHARED);
        documented.addAll(EnvironmentVariable.API_SERVICE);
        assertThat(read).isEqualTo(documented);
    }
}
