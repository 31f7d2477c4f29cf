package io.thunderline.trainer;

/** Canonical CSVs as dataset-service serves them. */
public final class Prompts {
    private Prompts() {
    }

    /** A separable sentiment set: 10 examples per class. */
    public static String sentimentCsv() {
        StringBuilder csv = new StringBuilder("text,label\r\n");
        String[] good = {"I love this product", "Absolutely wonderful experience", "Great value and great quality",
                "Fantastic, works perfectly", "Best purchase I made this year", "Really happy with it",
                "Excellent support and fast delivery", "Wonderful, would buy again", "Superb build, love it",
                "Great, just great"};
        String[] bad = {"Terrible, it broke after a day", "Awful quality, want a refund", "Worst purchase ever",
                "Broken on arrival, terrible", "Very disappointed and angry", "Awful support, never again",
                "It stopped working, useless", "Horrible smell and broken parts", "Refund please, terrible",
                "Bad, bad, bad"};
        for (int i = 0; i < good.length; i++) {
            csv.append('"').append(good[i]).append("\",positive\r\n");
            csv.append('"').append(bad[i]).append("\",negative\r\n");
        }
        return csv.toString();
    }

    static String chatCsv() {
        return "prompt,response\r\n"
                + "hello,hi there\r\n"
                + "how are you,fine thanks\r\n"
                + "hello there,hi there\r\n"
                + "good morning,good morning to you\r\n"
                + "how are you doing,fine thanks\r\n"
                + "bye,goodbye\r\n";
    }
}
