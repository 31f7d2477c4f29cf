package io.thunderline.contracts;

import java.time.Instant;
import java.util.List;

/** upm.feature-windows: a batch of featurised, labelled rows for the online learner of one family. */
public record FeatureWindow(
        int schemaVersion,
        String windowId,
        ModelType family,
        FeatureSpecBody featureSpec,
        List<FeatureRow> rows,
        String sourceJobId,
        Instant at) {

    public FeatureWindow {
        Require.schemaVersion(schemaVersion);
        Require.present(windowId, "windowId");
        Require.present(family, "family");
        Require.present(featureSpec, "featureSpec");
        Require.notEmpty(rows, "rows");
        rows = List.copyOf(rows);
        Require.present(at, "at");
        for (int i = 0; i < rows.size(); i++) {
            rows.get(i).checkWithin(featureSpec.hashDims(), "rows[" + i + "]");
        }
    }

    /** How texts were hashed: the online learner and agents must featurise the same way. */
    public record FeatureSpecBody(int hashDims, int wordNgramMax, int charNgramMin, int charNgramMax) {
        public FeatureSpecBody {
            Require.atLeast(hashDims, 1, "featureSpec.hashDims");
            Require.atLeast(wordNgramMax, 1, "featureSpec.wordNgramMax");
        }
    }

    /** A sparse vector (indices ascending) and its label. */
    public record FeatureRow(int[] indices, float[] values, String label) {
        public FeatureRow {
            Require.present(indices, "indices");
            Require.present(values, "values");
            Require.present(label, "label");
            if (indices.length != values.length) {
                throw new InvalidEventException("field 'indices' has " + indices.length + " entries but 'values' has "
                        + values.length + "; they must be the same length");
            }
        }

        void checkWithin(int dims, String where) {
            for (int index : indices) {
                if (index < 0 || index >= dims) {
                    throw new InvalidEventException("field '" + where + ".indices' holds " + index
                            + ", outside featureSpec.hashDims " + dims);
                }
            }
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof FeatureRow r && java.util.Arrays.equals(indices, r.indices)
                    && java.util.Arrays.equals(values, r.values) && label.equals(r.label);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * java.util.Arrays.hashCode(indices) + java.util.Arrays.hashCode(values)) + label.hashCode();
        }

        @Override
        public String toString() {
            return "FeatureRow[nnz=" + indices.length + ", label=" + label + "]";
        }
    }
}
