package io.thunderline.trainer.rest;

import io.thunderline.support.problem.ProblemException;

/** A request to a trained model that cannot be answered as sent: the field and how to fix it (a 400 problem). */
public class ModelRequestRefused extends ProblemException {
    public ModelRequestRefused(String field, String message) {
        super(400, field, message);
    }
}
