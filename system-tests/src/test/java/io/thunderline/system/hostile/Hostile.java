package io.thunderline.system.hostile;

import java.nio.charset.StandardCharsets;

/**
 * One hostile input: a request to one service and the refusal it must get, a 4xx problem naming {@code field}.
 *
 * @param service       the service it goes to (prompt-ui-service for the page's /api/**, or a backend directly)
 * @param contentType   the Content-Type header, or null to send none
 * @param declaredBytes a Content-Length to declare instead of sending the body (an oversized body), or 0
 * @param status        the status it must get (a 4xx)
 * @param field         the field the problem must name
 */
public record Hostile(String name, String service, String method, String path, String contentType, byte[] body,
                      long declaredBytes, int status, String field) {
    public static final String JSON = "application/json";
    static final String UI = "prompt-ui-service";

    public Hostile {
        if (status < 400 || status > 499) {
            throw new IllegalArgumentException(name + ": a hostile input must be refused with a 4xx, not " + status);
        }
    }

    /** The page's API (signed in as demo). */
    static Hostile ui(String name, String method, String path, String contentType, String body, int status, String field) {
        return new Hostile(name, UI, method, path, contentType, bytes(body), 0, status, field);
    }

    static Hostile uiJson(String name, String path, String body, int status, String field) {
        return ui(name, "POST", path, JSON, body, status, field);
    }

    static Hostile uiGet(String name, String path, int status, String field) {
        return ui(name, "GET", path, null, null, status, field);
    }

    static Hostile uiBytes(String name, String path, String contentType, byte[] body, int status, String field) {
        return new Hostile(name, UI, "POST", path, contentType, body, 0, status, field);
    }

    /** A backend service called directly, as anything on the machine can. */
    static Hostile backend(String service, String name, String method, String path, String contentType, String body,
                           int status, String field) {
        return new Hostile(name, service, method, path, contentType, bytes(body), 0, status, field);
    }

    static Hostile backendJson(String service, String name, String path, String body, int status, String field) {
        return backend(service, name, "POST", path, JSON, body, status, field);
    }

    static Hostile backendGet(String service, String name, String path, int status, String field) {
        return backend(service, name, "GET", path, null, null, status, field);
    }

    /** Declares a body of {@code bytes} bytes and sends none of it: it must be refused before it is read. */
    static Hostile oversized(String service, String name, String path, long bytes) {
        return new Hostile(name, service, "POST", path, JSON, null, bytes, 413, "body");
    }

    private static byte[] bytes(String body) {
        return body == null ? null : body.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return service + " " + method + " " + path + " (" + name + ")";
    }
}
