package io.thunderline.trainer.client;

/** Cerebros does not know the job (404 on its status): it was restarted and lost it, so the job is submitted again. */
public class CerebrosJobUnknown extends RuntimeException {
    public CerebrosJobUnknown(String remoteJobId) {
        super("Cerebros does not know job " + remoteJobId);
    }
}
