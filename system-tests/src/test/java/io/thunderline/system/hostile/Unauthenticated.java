package io.thunderline.system.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import io.thunderline.contracts.EventCodec;
import io.thunderline.infra.TestTokens;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Every REST endpoint of the backends, read from their OpenAPI documents (so a new endpoint is covered without
 * touching this class), called to 127.0.0.1 without credentials, with another service's token and with an expired
 * one: each must be a 401 problem naming Authorization.
 */
final class Unauthenticated {
    static final List<String> BACKENDS = List.of(HostileInputs.DATASET, HostileInputs.TRAINER, HostileInputs.UPM,
            HostileInputs.TRACKING);
    private static final Set<String> METHODS = Set.of("get", "post", "put", "delete", "patch");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Function<String, String> urlOf;

    Unauthenticated(Function<String, String> urlOf) {
        this.urlOf = urlOf;
    }

    /** One call of an endpoint and what is wrong with its answer (empty: a clear 401). */
    record Refusal(String service, String method, String path, String credentials, List<String> faults) {
    }

    /** method and path (with its {parameters}) of every operation a backend documents. */
    List<String[]> endpoints(String service) throws IOException, InterruptedException {
        HttpResponse<String> doc = http.send(HttpRequest.newBuilder(URI.create(urlOf.apply(service)
                + "/q/openapi?format=json")).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        if (doc.statusCode() != 200) {
            throw new IllegalStateException(service + " serves no OpenAPI document: " + doc.statusCode());
        }
        List<String[]> found = new ArrayList<>();
        JsonNode paths = EventCodec.mapper().readTree(doc.body()).path("paths");
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> path = it.next();
            for (Iterator<String> m = path.getValue().fieldNames(); m.hasNext(); ) {
                String method = m.next();
                if (METHODS.contains(method)) {
                    found.add(new String[]{method.toUpperCase(Locale.ROOT), path.getKey()});
                }
            }
        }
        return found;
    }

    /** Each endpoint three times: no credentials, another service's audience, expired. */
    List<Refusal> callAll() throws IOException, InterruptedException {
        List<Refusal> calls = new ArrayList<>();
        for (String service : BACKENDS) {
            String other = service.equals(HostileInputs.DATASET) ? HostileInputs.TRAINER : HostileInputs.DATASET;
            for (String[] endpoint : endpoints(service)) {
                String path = endpoint[1].replaceAll("\\{[^}]+}", "1");
                calls.add(call(service, endpoint[0], path, "none", null));
                calls.add(call(service, endpoint[0], path, "token for " + other, TestTokens.admin(other)));
                calls.add(call(service, endpoint[0], path, "expired", TestTokens.expired("admin", service)));
            }
        }
        return calls;
    }

    private Refusal call(String service, String method, String path, String credentials, String authorization)
            throws IOException, InterruptedException {
        URI uri = URI.create(urlOf.apply(service) + path);
        if (!"127.0.0.1".equals(uri.getHost())) {
            throw new IllegalStateException("loopback only, not " + uri);
        }
        boolean body = method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .method(method, body ? HttpRequest.BodyPublishers.ofString("{}") : HttpRequest.BodyPublishers.noBody());
        if (body) {
            request.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        List<String> faults = new ArrayList<>();
        if (r.statusCode() != 401) {
            faults.add("status " + r.statusCode());
        }
        String type = r.headers().firstValue("Content-Type").orElse("");
        if (!type.startsWith("application/problem+json")) {
            faults.add("Content-Type " + type);
        } else {
            JsonNode problem = EventCodec.mapper().readTree(r.body());
            if (!"Authorization".equals(problem.path("field").asText(null))) {
                faults.add("field " + problem.path("field"));
            }
            if (problem.path("detail").asText("").isBlank()) {
                faults.add("no detail");
            }
        }
        return new Refusal(service, method, path, credentials, faults);
    }
}
