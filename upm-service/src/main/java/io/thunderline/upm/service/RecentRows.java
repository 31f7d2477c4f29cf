package io.thunderline.upm.service;

import io.thunderline.contracts.FeatureWindow;
import io.thunderline.ml.text.SparseVector;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * The rows a drift check scores, kept in memory so a snapshot does not read windows back from PostgreSQL (decoding
 * whole windows of JSON was most of the time between a snapshot and its adapter): the newest {@code wanted} rows
 * already in a snapshot, tagged with that snapshot's version, and the newest {@code wanted} rows applied since the
 * last snapshot. A drift check against active version A wants the newest rows learned by A; when the memory cannot
 * say for sure (after a restart, a rollback, or rows of a quarantined candidate in the way) it answers empty and the
 * caller reads PostgreSQL. Owned by the family's trainer thread.
 */
final class RecentRows {
    private record Tagged(long version, SparseVector row) {
    }

    private final int wanted;
    /** newest first */
    private final ArrayDeque<Tagged> snapshotted = new ArrayDeque<>();
    /** newest first */
    private final ArrayDeque<SparseVector> pending = new ArrayDeque<>();
    /** every row since the family's first window is here or was trimmed from here: a short answer is complete. */
    private boolean fromTheStart;
    private boolean trimmed;

    RecentRows(int wanted, boolean fromTheStart) {
        this.wanted = wanted;
        this.fromTheStart = fromTheStart;
    }

    /** A window's rows, as the trainer applied them. */
    void applied(List<FeatureWindow.FeatureRow> rows) {
        for (FeatureWindow.FeatureRow r : rows) {
            pending.addFirst(new SparseVector(r.indices(), r.values()));
            if (pending.size() > wanted) {
                pending.removeLast();
            }
        }
    }

    /** The rows applied since the last snapshot are now in snapshot {@code version}. */
    void snapshotted(long version) {
        Iterator<SparseVector> oldestFirst = pending.descendingIterator();
        while (oldestFirst.hasNext()) {
            snapshotted.addFirst(new Tagged(version, oldestFirst.next()));
        }
        pending.clear();
        while (snapshotted.size() > wanted) {
            snapshotted.removeLast();
            trimmed = true;
        }
    }

    /** Forget everything: what the served model learned is no longer what these rows say (a rollback). */
    void reset() {
        snapshotted.clear();
        pending.clear();
        fromTheStart = false;
    }

    /**
     * The newest {@code wanted} rows learned by snapshots up to {@code activeVersion}, newest first, if known. Rows
     * applied since the last snapshot are newer than any snapshot, so they are never part of the answer (asked before
     * or after they are {@link #snapshotted}, the answer is the same).
     */
    Optional<List<SparseVector>> learnedBy(long activeVersion) {
        List<SparseVector> out = new ArrayList<>(wanted);
        for (Tagged t : snapshotted) {
            if (t.version() <= activeVersion && out.size() < wanted) {
                out.add(t.row());
            }
        }
        // Newer rows in the way (the candidate's own, a quarantined version's) do not make a short answer incomplete:
        // only a trim can have dropped rows of the active version, and a family known from its start that never
        // trimmed holds every one of them, so a young family's checks need not decode windows from PostgreSQL.
        boolean complete = out.size() >= wanted || (fromTheStart && !trimmed);
        return complete ? Optional.of(out) : Optional.empty();
    }
}
