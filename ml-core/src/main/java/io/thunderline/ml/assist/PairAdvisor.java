package io.thunderline.ml.assist;

import io.thunderline.ml.embed.SentenceEncoder;
import io.thunderline.ml.model.PromptResponse;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import static io.thunderline.ml.assist.TextShape.quote;

/**
 * Checks an instruction-following or chat prompt before it is trained: the same request answered differently,
 * repeated and near-repeated requests, answers too short to teach anything, and answers whose format differs from
 * the rest (a few bulleted or multi-line answers among one-liners, a few without the closing punctuation the others
 * have): the model copies the format of the examples it is shown, so mixed formats make mixed answers.
 */
public final class PairAdvisor {
    /** A format trait held by at most this share of the answers (and by at least one) is inconsistent. */
    static final double MINORITY = 0.25;

    private final SentenceEncoder encoder;

    public PairAdvisor(SentenceEncoder encoder) {
        this.encoder = encoder;
    }

    record Trait(String name, String fix, Predicate<String> holds) {
    }

    static final List<Trait> TRAITS = List.of(
            new Trait("are bulleted or numbered lists", "write them as the others are, or make every answer a list",
                    r -> r.strip().lines().anyMatch(l -> l.strip().matches("^([-*•]|\\d{1,3}[.)])\\s+.*"))),
            new Trait("span several lines", "make them one paragraph like the others, or give every answer lines",
                    r -> r.strip().lines().count() > 1),
            new Trait("end without . ! ? or a closing quote", "end them as the others end",
                    r -> !r.strip().matches("(?s).*[.!?\"')\\]]$")));

    public List<Suggestion> check(List<PromptResponse> pairs) {
        List<String> prompts = pairs.stream().map(PromptResponse::prompt).toList();
        List<String> responses = pairs.stream().map(PromptResponse::response).toList();
        List<Suggestion> out = new ArrayList<>();
        for (List<Integer> group : TextShape.exactDuplicates(prompts)) {
            Set<String> answers = new LinkedHashSet<>();
            group.forEach(i -> answers.add(TextShape.normalised(responses.get(i))));
            String prompt = quote(prompts.get(group.get(0)));
            if (answers.size() > 1) {
                out.add(Suggestion.of(Suggestion.Kind.CONFLICTING_DUPLICATE, prompt + " is answered " + answers.size()
                        + " different ways: keep the answer you want", group));
            } else {
                group.subList(1, group.size()).forEach(i -> out.add(new Suggestion(Suggestion.Kind.DUPLICATE, prompt
                        + " appears " + group.size() + " times with the same answer", List.of(group.get(0), i),
                        Suggestion.Fix.remove(i))));
            }
        }
        for (int[] pair : TextShape.nearDuplicates(prompts, encoder.encodeAll(prompts))) {
            out.add(Suggestion.of(Suggestion.Kind.NEAR_DUPLICATE, quote(prompts.get(pair[0])) + " and "
                    + quote(prompts.get(pair[1])) + " ask nearly the same: vary the requests so the model sees more "
                    + "kinds", List.of(pair[0], pair[1])));
        }
        for (int i = 0; i < responses.size(); i++) {
            if (responses.get(i).isBlank() || TextShape.words(responses.get(i)) < 2 && TextShape.words(prompts.get(i)) > 3) {
                out.add(Suggestion.of(Suggestion.Kind.TOO_SHORT, "the answer to " + quote(prompts.get(i)) + " is "
                        + (responses.get(i).isBlank() ? "empty" : quote(responses.get(i))) + ": give the whole answer "
                        + "you want the model to give", List.of(i)));
            }
        }
        TextShape.tooLong(responses).forEach(i -> out.add(Suggestion.of(Suggestion.Kind.TOO_LONG, "the answer to "
                + quote(prompts.get(i)) + " is " + responses.get(i).length() + " characters, far longer than the others",
                List.of(i))));
        formats(responses, out);
        return out;
    }

    private static void formats(List<String> responses, List<Suggestion> out) {
        if (responses.size() < 4) {
            return;
        }
        for (Trait trait : TRAITS) {
            List<Integer> holding = new ArrayList<>();
            for (int i = 0; i < responses.size(); i++) {
                if (trait.holds().test(responses.get(i))) {
                    holding.add(i);
                }
            }
            if (!holding.isEmpty() && holding.size() <= MINORITY * responses.size()) {
                out.add(Suggestion.of(Suggestion.Kind.INCONSISTENT_FORMAT, holding.size() + " of " + responses.size()
                        + " answers " + trait.name() + ": " + trait.fix(), holding));
            }
        }
    }
}
