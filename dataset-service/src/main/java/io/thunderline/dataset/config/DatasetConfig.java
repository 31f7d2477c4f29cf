package io.thunderline.dataset.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.thunderline.dataset.parse.Limits;

import java.time.Duration;

/** dataset-service settings ({@code thunderline.dataset.*}). */
@ConfigMapping(prefix = "thunderline.dataset")
public interface DatasetConfig {

    /** Limits for prompt text typed into the page. */
    Text text();

    /** Limits for CSV uploads. */
    Upload upload();

    Storage storage();

    Listing listing();

    interface Text {
        @WithDefault("" + Limits.DEFAULT_MAX_EXAMPLES)
        int maxExamples();

        @WithDefault("" + Limits.DEFAULT_MAX_FIELD_CHARS)
        int maxFieldChars();

        @WithDefault("" + Limits.DEFAULT_MAX_TEXT_CHARS)
        long maxChars();

        default Limits limits() {
            return new Limits(maxExamples(), maxFieldChars(), maxChars());
        }
    }

    interface Upload {
        /** The largest CSV file accepted: 50 MB. */
        @WithDefault("52428800")
        long maxBytes();

        /** A 50 MB file of short rows holds a few hundred thousand examples. */
        @WithDefault("500000")
        int maxExamples();

        @WithDefault("" + Limits.DEFAULT_MAX_FIELD_CHARS)
        int maxFieldChars();

        default Limits limits() {
            return new Limits(maxExamples(), maxFieldChars(), maxBytes());
        }
    }

    interface Storage {
        /** Examples per INSERT while a version is written; at most two batches are in memory. */
        @WithDefault("1000")
        int insertBatchSize();

        /**
         * The canonical CSV is stored in chunks of about this many characters (whole rows). Small enough that a chunk
         * (UTF-16 in memory, UTF-8 on the wire) is never a humongous object for G1 in a small heap.
         */
        @WithDefault("131072")
        int csvChunkChars();

        /** How long one database statement may take before the write is abandoned (and rolled back). */
        @WithDefault("60s")
        Duration statementTimeout();

        /**
         * How long the request waits for a whole submission's transaction (a 50 MB upload takes seconds on an idle
         * machine); after that the request fails and the transaction is rolled back.
         */
        @WithDefault("10m")
        Duration submissionTimeout();
    }

    interface Listing {
        @WithDefault("50")
        int defaultLimit();

        @WithDefault("500")
        int maxLimit();
    }
}
