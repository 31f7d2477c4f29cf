package io.thunderline.ml.testing;

import io.thunderline.ml.data.LabeledData;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Small separable text sets: each label has its own words, mixed with shared filler words. */
public final class SyntheticText {

    private static final String[] FILLER = {"the", "a", "of", "and", "to", "in", "is", "it", "for", "on", "with", "as"};

    private SyntheticText() {
    }

    public static LabeledData separable(int perLabel, int labels, long seed) {
        Random random = new Random(seed);
        List<String> texts = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < perLabel; i++) {
            for (int label = 0; label < labels; label++) {
                StringBuilder text = new StringBuilder();
                for (int w = 0; w < 8; w++) {
                    if (w % 2 == 0) {
                        text.append("topic").append(label).append("word").append(random.nextInt(12));
                    } else {
                        text.append(FILLER[random.nextInt(FILLER.length)]);
                    }
                    text.append(' ');
                }
                texts.add(text.toString().trim());
                names.add("class" + label);
            }
        }
        return new LabeledData(texts, names);
    }
}
