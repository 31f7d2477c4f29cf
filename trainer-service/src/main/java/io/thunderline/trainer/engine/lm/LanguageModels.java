package io.thunderline.trainer.engine.lm;

import io.thunderline.llm.InstructModel;
import io.thunderline.llm.PretrainedModel;
import io.thunderline.llm.PretrainedModelStore;
import io.thunderline.ml.embed.MiniLmEncoder;
import io.thunderline.ml.embed.SentenceEncoder;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The pretrained pieces of language-model jobs, loaded once per service: the instruct model from the model cache
 * (THUNDERLINE_MODELS_DIR, else ~/.cache/thunderline/models; bin/fetch-models fills it) and the sentence encoder.
 * A missing or damaged model file throws {@link io.thunderline.llm.ModelUnavailableException} naming the file and
 * the command that fetches it; nothing falls back to another model.
 */
@ApplicationScoped
public class LanguageModels {
    private static final Logger LOG = Logger.getLogger(LanguageModels.class);

    private final int threads;
    private volatile InstructModel model;

    public LanguageModels(@ConfigProperty(name = "thunderline.trainer.lm.threads", defaultValue = "0") int threads) {
        this.threads = threads > 0 ? threads : Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    public PretrainedModel base() {
        return PretrainedModel.SMOLLM2_135M_INSTRUCT;
    }

    public PretrainedModelStore store() {
        return PretrainedModelStore.configured();
    }

    /** Verifies the file (every call: a file replaced or damaged later is noticed) and loads it once. */
    public InstructModel instructModel() {
        PretrainedModelStore store = store();
        store.locate(base());
        InstructModel m = model;
        if (m == null) {
            synchronized (this) {
                if (model == null) {
                    model = InstructModel.load(store, base(), threads);
                    LOG.infof("%s loaded from %s in %d ms (%d threads)", base().name(), model.file(), model.loadMillis(), threads);
                }
                m = model;
            }
        }
        return m;
    }

    public SentenceEncoder encoder() {
        return MiniLmEncoder.shared();
    }

    @PreDestroy
    void close() {
        InstructModel m = model;
        if (m != null) {
            m.close();
        }
    }
}
