package io.thunderline.support.identity;

import io.thunderline.support.problem.ProblemException;

/** 401: no credentials, or credentials that do not prove who is calling (bad signature, expired, wrong audience). */
public class CallerRefused extends ProblemException {
    public CallerRefused(String message) {
        super(401, "Authorization", message);
    }
}
