package io.thunderline.trainer.client;

import io.thunderline.support.client.Refused;

import java.util.List;

/** Cerebros answered and refused (a 4xx other than an unknown job): retrying the same request will not help. */
public class CerebrosRejected extends Refused {
    public CerebrosRejected(int status, String message) {
        super(status, null, message, List.of());
    }

    /** A refusal of the REST API, saying what Cerebros answered. */
    static CerebrosRejected of(Refused refusal) {
        return new CerebrosRejected(refusal.status(), "Cerebros refused the request (" + refusal.status() + ": "
                + refusal.getMessage() + ")");
    }
}
