package io.thunderline.ui.service;

import io.thunderline.support.problem.ProblemException;

/** A form field is wrong: a 400 problem naming the field, whose detail says how to fix it. */
public class FormError extends ProblemException {
    public FormError(String field, String message) {
        super(400, field, message);
    }
}
