package io.thunderline.trainer.engine;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.jboss.logging.Logger;

/** The one engine of this instance: CEREBROS_URL set sends phases 2-3 of every job to the remote service, else ml-core runs them here. */
@ApplicationScoped
class EngineChoice {
    private static final Logger LOG = Logger.getLogger(EngineChoice.class);

    @Produces
    @ApplicationScoped
    TrainingEngine engine(LocalEngine local, CerebrosEngine cerebros) {
        TrainingEngine engine = cerebros.enabled() ? cerebros : local;
        LOG.infof("phases 2-3 run on %s", engine.describe());
        return engine;
    }
}
