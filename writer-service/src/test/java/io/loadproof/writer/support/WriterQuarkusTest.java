package io.loadproof.writer.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.loadproof.embedded.quarkus.MongoTestResource;
import io.loadproof.embedded.quarkus.RedisTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The writer application against a real redis-server process and the MongoDB wire server, both
 * on free ports; test classes with this annotation (and the same profile) share one application.
 */
@QuarkusTest
@WithTestResource(value = RedisTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = MongoTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
public @interface WriterQuarkusTest {
}
