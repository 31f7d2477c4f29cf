package io.thunderline.system.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import io.thunderline.contracts.EventCodec;

import java.util.ArrayList;
import java.util.List;

/** What a service answered to one hostile input, and what is wrong with it as a refusal. */
record Answer(int status, String contentType, String body) {
    static final String PROBLEM = "application/problem+json";

    /** Empty when the answer is a clear refusal: the expected 4xx, a problem body naming the field, no stack trace. */
    List<String> faults(Hostile expected) {
        List<String> faults = new ArrayList<>();
        if (status != expected.status()) {
            faults.add("status " + status + ", expected " + expected.status());
        }
        if (status >= 500) {
            faults.add("a server error for bad input");
        }
        if (body == null || body.isBlank()) {
            faults.add("an empty body");
            return faults;
        }
        if (contentType == null || !contentType.startsWith(PROBLEM)) {
            faults.add("Content-Type " + contentType + ", not " + PROBLEM);
        }
        JsonNode problem;
        try {
            problem = EventCodec.mapper().readTree(body);
        } catch (Exception e) {
            faults.add("a body that is not JSON: " + shorten(body));
            return faults;
        }
        if (problem.path("status").asInt() != status) {
            faults.add("body status " + problem.path("status") + " differs from the HTTP status");
        }
        if (!problem.path("title").isTextual()) {
            faults.add("no title");
        }
        String detail = problem.path("detail").asText("");
        if (detail.isBlank()) {
            faults.add("no detail saying what to fix");
        }
        if (!problem.has("errors")) {
            faults.add("not the one problem shape (no errors list)");
        }
        String field = problem.path("field").isTextual() ? problem.path("field").asText() : null;
        if (!expected.field().equals(field)) {
            faults.add("field " + field + ", expected " + expected.field() + " (detail: " + shorten(detail) + ")");
        }
        if (body.contains("\tat ") || body.matches("(?s).*\\bat [a-z]+\\.[a-z.]+\\.[A-Z]\\w*\\.\\w+\\(.*")) {
            faults.add("a stack trace in the body");
        }
        return faults;
    }

    private static String shorten(String s) {
        return s.length() > 160 ? s.substring(0, 160) + "…" : s;
    }
}
