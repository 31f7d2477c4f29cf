package io.thunderline.trainer.client;

import io.thunderline.support.client.Refused;

import java.util.List;

/** Cerebros does not know the job (404 on its status): it was restarted and lost it, so the job is submitted again. */
public class CerebrosJobUnknown extends Refused {
    public CerebrosJobUnknown(String remoteJobId) {
        super(404, null, "Cerebros does not know job " + remoteJobId, List.of());
    }
}
