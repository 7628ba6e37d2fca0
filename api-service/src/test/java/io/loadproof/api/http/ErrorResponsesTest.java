package io.loadproof.api.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.loadproof.api.support.ApiQuarkusTest;

/** Every error is a JSON body with the right status, never an HTML page or a stack trace. */
@ApiQuarkusTest
class ErrorResponsesTest {

    @ParameterizedTest
    @ValueSource(strings = { "/nope", "/api", "/api/nope", "/api/data/extra", "/q/nope", "/healthz/x" })
    void unknownPathsAreJson404(String path) {
        given().get(path).then()
                .statusCode(404)
                .contentType("application/json")
                .body("status", equalTo("error"))
                .body("message", equalTo("not found"));
    }

    @ParameterizedTest
    @CsvSource({ "POST,/api/data", "DELETE,/api/data", "PUT,/api/stats", "POST,/healthz", "GET,/api/admin/cache/flush" })
    void wrongMethodsAreJson405(String method, String path) {
        given().request(method, path).then()
                .statusCode(405)
                .contentType("application/json")
                .body("status", equalTo("error"))
                .body("message", equalTo("method not allowed"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "/api/data?x=1&x=2&junk=%3Cscript%3E", "/api/data?a=&=b&&" })
    void junkQueryStringsAreIgnored(String path) {
        given().urlEncodingEnabled(false).get(path).then()
                .statusCode(200)
                .body("status", equalTo("success"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "/api/data", "/api/stats", "/nope" })
    void noErrorBodyCarriesAStackTrace(String path) {
        given().header("Accept", "text/html").get(path).then()
                .contentType("application/json")
                .body(not(containsString("Exception")))
                .body(not(containsString("\tat ")));
    }
}
