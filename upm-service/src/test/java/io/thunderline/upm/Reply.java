package io.thunderline.upm;

import io.thunderline.infra.TestTokens;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * An HTTP answer for tests that poll a service process (as an admin): a refused connection (still starting) reads as
 * status 0.
 */
public record Reply(int statusCode, String body) {

    public static Reply get(HttpClient http, String url) throws InterruptedException {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                    .header("Authorization", TestTokens.admin("upm-service")).build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.body());
        } catch (IOException e) {
            return new Reply(0, "");
        }
    }
}
