package io.thunderline.upm.rest;

import io.thunderline.contracts.ModelType;
import io.thunderline.contracts.SnapshotStatus;
import io.thunderline.upm.service.UpmException;

/** Parses path and query parameters into a 400 that names the parameter and the accepted values. */
final class Params {
    private Params() {
    }

    static ModelType family(String value) {
        if (value == null) {
            return null;
        }
        ModelType family;
        try {
            family = ModelType.fromWire(value);
        } catch (RuntimeException e) {
            throw UpmException.badRequest("family", "unknown family '" + value + "'; use text_classification or sentiment_analysis");
        }
        if (!family.classification()) {
            throw UpmException.badRequest("family", family.wireName()
                    + " has no online model; use text_classification or sentiment_analysis");
        }
        return family;
    }

    static SnapshotStatus status(String value) {
        if (value == null) {
            return null;
        }
        try {
            return SnapshotStatus.fromWire(value);
        } catch (RuntimeException e) {
            throw UpmException.badRequest("status", "unknown status '" + value
                    + "'; use created, activated, quarantined, rolled_back or archived");
        }
    }

    static int limit(Integer value, int max) {
        if (value == null) {
            return 50;
        }
        if (value < 1 || value > max) {
            throw UpmException.badRequest("limit", "limit must be between 1 and " + max + ", was " + value);
        }
        return value;
    }

    static int offset(Integer value) {
        if (value == null) {
            return 0;
        }
        if (value < 0) {
            throw UpmException.badRequest("offset", "offset must be 0 or more, was " + value);
        }
        return value;
    }
}
