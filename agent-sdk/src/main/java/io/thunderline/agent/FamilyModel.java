package io.thunderline.agent;

import io.thunderline.contracts.ModelType;
import io.thunderline.ml.text.SparseVector;
import io.thunderline.upm.wire.AdapterPayload;
import io.thunderline.upm.wire.FamilyPrediction;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * What an agent holds for one family: the weights, the version they are, the label vocabulary and the weights'
 * checksum as published. Adapters change it in place under the write lock; predictions share the read lock.
 */
final class FamilyModel {
    private final ModelType family;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private SoftmaxWeights weights;
    private long version;
    private List<String> labels = List.of();
    private String weightsSha256;

    FamilyModel(ModelType family) {
        this.family = family;
    }

    /** A consistent view of what is held (nothing yet: version 0). */
    record Held(long version, String weightsSha256, int dims, int classes) {
        boolean any() {
            return version > 0;
        }
    }

    Held held() {
        lock.readLock().lock();
        try {
            return weights == null ? new Held(0, null, 0, 0)
                    : new Held(version, weightsSha256, weights.dims(), weights.classes());
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Installs a decoded adapter (already checked to fit what is held). */
    void install(AdapterPayload payload) {
        lock.writeLock().lock();
        try {
            if (payload.kind().full()) {
                if (weights == null || weights.dims() != payload.dims() || weights.classes() != payload.classes()) {
                    weights = SoftmaxWeights.zeros(payload.dims(), payload.classes());
                } else if (payload.kind() == AdapterPayload.Kind.FULL_SPARSE) {
                    weights.clear();
                }
                if (payload.kind() == AdapterPayload.Kind.FULL_DENSE) {
                    weights.replace(payload.dense());
                } else {
                    weights.apply(payload.delta());
                }
            } else {
                weights.apply(payload.delta());
            }
            version = payload.version();
            labels = payload.labels();
            weightsSha256 = payload.weightsSha256();
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Forgets everything (weights that failed verification must not serve). */
    void drop() {
        lock.writeLock().lock();
        try {
            weights = null;
            version = 0;
            labels = List.of();
            weightsSha256 = null;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** The incremental digest of the weights as held now (kept up to date; free to read). */
    Optional<Long> digest() {
        lock.readLock().lock();
        try {
            return weights == null ? Optional.empty() : Optional.of(weights.digest());
        } finally {
            lock.readLock().unlock();
        }
    }

    /** SHA-256 of the weights as held now (costs a pass over every weight). */
    Optional<String> computeSha256() {
        lock.readLock().lock();
        try {
            return weights == null ? Optional.empty() : Optional.of(weights.sha256());
        } finally {
            lock.readLock().unlock();
        }
    }

    Optional<FamilyPrediction> predict(SparseVector x) {
        lock.readLock().lock();
        try {
            if (weights == null || labels.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(FamilyPrediction.of(family, version, labels, weights.predictProba(x, labels.size())));
        } finally {
            lock.readLock().unlock();
        }
    }

    List<String> labels() {
        lock.readLock().lock();
        try {
            return labels;
        } finally {
            lock.readLock().unlock();
        }
    }
}
