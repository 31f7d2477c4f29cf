package io.thunderline.trainer.schedule;

import io.thunderline.support.problem.ProblemException;

/** A schedule request that cannot be stored: which field is wrong and how to fix it (a 400 problem). */
public class ScheduleRefused extends ProblemException {
    public ScheduleRefused(String field, String message) {
        super(400, field, message);
    }
}
