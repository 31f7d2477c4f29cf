package io.thunderline.upm.wire;

import io.thunderline.contracts.Contracts;
import io.thunderline.contracts.FeatureWindow;
import io.thunderline.contracts.ModelType;
import io.thunderline.ml.online.LabeledSparse;
import io.thunderline.ml.online.OnlineSoftmax;
import io.thunderline.ml.text.FeatureSpec;
import io.thunderline.ml.text.SparseVector;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Sentiment-like labelled sentences (positive / negative) made from a seed, featurised exactly as trainer-service
 * does for feature windows.
 */
public final class TestTexts {
    private static final String[] GOOD = {"great", "wonderful", "excellent", "lovely", "happy", "fantastic", "delightful",
            "superb", "brilliant", "pleasant", "amazing", "charming"};
    private static final String[] BAD = {"terrible", "awful", "horrible", "sad", "disappointing", "dreadful", "poor",
            "miserable", "boring", "broken", "rude", "annoying"};
    private static final String[] THINGS = {"movie", "service", "meal", "day", "product", "book", "hotel", "trip",
            "concert", "phone", "game", "class", "coffee", "show", "room", "staff"};
    private static final String[] FORMS = {"the %s was %s", "what a %2$s %1$s", "i found the %s %s and %s",
            "honestly the %s felt %s", "our %s turned out %s", "this %s is %s, really %s"};

    public record Example(String text, String label) {
    }

    private TestTexts() {
    }

    public static List<Example> examples(int n, long seed) {
        Random random = new Random(seed);
        List<Example> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            boolean good = random.nextBoolean();
            String[] words = good ? GOOD : BAD;
            String form = FORMS[random.nextInt(FORMS.length)];
            String text = String.format(form, THINGS[random.nextInt(THINGS.length)], words[random.nextInt(words.length)],
                    words[random.nextInt(words.length)]);
            out.add(new Example(text, good ? "positive" : "negative"));
        }
        return out;
    }

    public static FeatureWindow window(String windowId, ModelType family, List<Example> examples, boolean flipLabels) {
        FeatureSpec spec = UpmFeatures.SPEC;
        List<FeatureWindow.FeatureRow> rows = new ArrayList<>();
        for (Example e : examples) {
            SparseVector v = UpmFeatures.featurize(e.text());
            String label = flipLabels ? ("positive".equals(e.label()) ? "negative" : "positive") : e.label();
            rows.add(new FeatureWindow.FeatureRow(v.indices(), v.values(), label));
        }
        return new FeatureWindow(Contracts.SCHEMA_VERSION, windowId, family,
                new FeatureWindow.FeatureSpecBody(spec.hashDims(), spec.wordNgramMax(), spec.charNgramMin(), spec.charNgramMax()),
                rows, "it-job", Instant.now());
    }

    /** What the service's learner must hold after these windows, in order (labels by first appearance). */
    public static OnlineSoftmax reference(List<FeatureWindow> windows, int classes, double learningRate) {
        OnlineSoftmax model = new OnlineSoftmax(UpmFeatures.SPEC.hashDims(), classes, learningRate);
        List<String> labels = new ArrayList<>();
        for (FeatureWindow w : windows) {
            for (FeatureWindow.FeatureRow r : w.rows()) {
                if (!labels.contains(r.label())) {
                    labels.add(r.label());
                }
                model.update(List.of(new LabeledSparse(new SparseVector(r.indices(), r.values()), labels.indexOf(r.label()))));
            }
        }
        return model;
    }
}
