package io.thunderline.upm.service;

import io.smallrye.mutiny.Uni;
import io.thunderline.contracts.ModelType;
import io.thunderline.upm.domain.PendingWindow;
import io.thunderline.upm.repository.FamilyRepository;
import io.thunderline.upm.repository.WindowRepository;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/**
 * The trainer's ledger of windows: which are pending, and marking one applied in the transaction that takes its
 * apply sequence number (so each window is applied once, and a restart replays them in the same order).
 */
@ApplicationScoped
public class AppliedWindows {
    private final Pool pool;
    private final FamilyRepository families;
    private final WindowRepository windows;

    public AppliedWindows(Pool pool, FamilyRepository families, WindowRepository windows) {
        this.pool = pool;
        this.families = families;
        this.windows = windows;
    }

    Uni<List<PendingWindow>> pending(ModelType family, int limit) {
        return windows.pending(family, limit);
    }

    Uni<Void> markApplied(ModelType family, String windowId, OnlineTrainer.WindowOutcome outcome) {
        return pool.withTransaction(tx -> families.takeApplySeq(tx, family)
                        .flatMap(seq -> windows.markApplied(tx, windowId, seq, outcome)))
                .invoke(marked -> {
                    if (!marked) {
                        throw new IllegalStateException("window " + windowId + " was applied elsewhere");
                    }
                })
                .replaceWithVoid();
    }
}
