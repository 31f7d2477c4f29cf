package io.thunderline.dataset.service;

import io.thunderline.support.problem.ProblemException;

/**
 * What was asked for does not exist (404): a dataset, a version of it, or a template. {@code field} names the path
 * parameter that held the unknown id.
 */
public class DatasetNotFoundException extends ProblemException {
    public DatasetNotFoundException(String field, String message) {
        super(404, field, message);
    }

    public static DatasetNotFoundException dataset(String id) {
        return new DatasetNotFoundException("id", "no dataset with id '" + id + "'");
    }

    public static DatasetNotFoundException version(String id, int version) {
        return new DatasetNotFoundException("version", "dataset '" + id + "' has no version " + version);
    }
}
