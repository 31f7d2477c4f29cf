package io.thunderline.dataset.service;

import io.thunderline.support.problem.ProblemException;

/** What was asked for does not exist (404): a dataset, a version of it, or a template. */
public class DatasetNotFoundException extends ProblemException {
    public DatasetNotFoundException(String message) {
        super(404, null, message);
    }

    public static DatasetNotFoundException dataset(String id) {
        return new DatasetNotFoundException("no dataset with id '" + id + "'");
    }

    public static DatasetNotFoundException version(String id, int version) {
        return new DatasetNotFoundException("dataset '" + id + "' has no version " + version);
    }
}
