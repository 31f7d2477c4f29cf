package io.thunderline.ui.client;

import jakarta.ws.rs.WebApplicationException;

/** dataset-service answered 4xx: the body says which field is wrong and how to fix it. Other statuses pass on. */
public class UserInputRefused extends RuntimeException {
    private final int status;
    private final String body;

    public UserInputRefused(int status, String body) {
        super("refused with " + status + ": " + body);
        this.status = status;
        this.body = body;
    }

    static RuntimeException from(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status >= 400 && status < 500) {
            return new UserInputRefused(status, e.getResponse().readEntity(String.class));
        }
        return e;
    }

    public int status() {
        return status;
    }

    public String body() {
        return body;
    }
}
