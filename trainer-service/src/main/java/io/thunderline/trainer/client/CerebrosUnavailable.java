package io.thunderline.trainer.client;

import io.thunderline.support.client.ServiceUnavailable;

/** Cerebros cannot be reached or does not answer properly (connection refused, timeout, 5xx, circuit open). */
public class CerebrosUnavailable extends ServiceUnavailable {
    public static final String MESSAGE = "Cerebros unavailable";

    public CerebrosUnavailable(String detail, Throwable cause) {
        super(MESSAGE + " (" + detail + ")", cause);
    }
}
