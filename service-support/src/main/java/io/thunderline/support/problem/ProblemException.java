package io.thunderline.support.problem;

import java.util.List;

/**
 * A refusal a service answers with a problem body: the status, the field at fault and a message that says how to
 * fix it. Services name their refusals by subclassing (a dataset conflict, a schedule refused, ...).
 */
public class ProblemException extends RuntimeException {
    private final int status;
    private final String field;
    private final List<?> errors;

    public ProblemException(int status, String field, String message) {
        this(status, field, message, List.of());
    }

    public ProblemException(int status, String field, String message, List<?> errors) {
        super(message);
        this.status = status;
        this.field = field;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
    }

    public int status() {
        return status;
    }

    public String field() {
        return field;
    }

    public List<?> errors() {
        return errors;
    }

    public Problem problem() {
        return Problem.of(status, field, getMessage(), errors);
    }
}
