package io.thunderline.support.identity;

import io.thunderline.support.problem.ProblemException;

/**
 * 404 naming the id of something the caller may not see, worded so that a person cannot learn which ids exist:
 * another person's job answers as an unknown one does.
 */
public class NotYours extends ProblemException {
    public NotYours(String field, String what, String id) {
        super(404, field, "no " + what + " " + id + " of yours: it does not exist, or another user made it");
    }
}
