package io.thunderline.infra;

import java.util.List;

/**
 * Twelve short news lines in three topics ({text, label}), the labelled prompt of the assistant's tests (trainer's
 * AssistIT, the page's AssistBrowserIT): separable for a sentence encoder, far too few for hashed n-grams.
 */
public final class NewsLines {
    private NewsLines() {
    }

    public static final List<String[]> THREE_TOPICS = List.of(
            new String[]{"The striker scored twice in the second half", "sport"},
            new String[]{"The home team won the championship final on penalties", "sport"},
            new String[]{"Their goalkeeper was sent off after a foul", "sport"},
            new String[]{"The tennis star retired after a knee injury", "sport"},
            new String[]{"Parliament passed the budget after a long debate", "politics"},
            new String[]{"The prime minister called an early election", "politics"},
            new String[]{"Opposition leaders criticised the new immigration law", "politics"},
            new String[]{"The senator resigned over a campaign finance scandal", "politics"},
            new String[]{"Astronomers discovered a planet orbiting a nearby star", "science"},
            new String[]{"Researchers found a new species of deep-sea fish", "science"},
            new String[]{"A new vaccine trial showed strong immune responses", "science"},
            new String[]{"Physicists measured the mass of the neutrino more precisely", "science"});
}
