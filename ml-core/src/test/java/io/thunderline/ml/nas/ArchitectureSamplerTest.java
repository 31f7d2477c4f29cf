package io.thunderline.ml.nas;

import static org.assertj.core.api.Assertions.assertThat;

import io.thunderline.ml.nn.Architecture;
import io.thunderline.ml.nn.UnitRef;
import io.thunderline.ml.nn.UnitSpec;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ArchitectureSamplerTest {

    private final SearchSpace space = SearchSpace.builder().levels(2, 4).unitsPerLevel(1, 5).neuronsPerUnit(3, 9).build();

    @Test
    void drawsWithinTheBoundsAndEndsInOneOutputUnit() {
        ArchitectureSampler sampler = new ArchitectureSampler(space, 1000, 4);
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 50; i++) {
            Architecture a = sampler.sample(sampler.skeleton(random), random);
            assertThat(a.hiddenLevels()).isBetween(2, 4);
            for (int k = 1; k <= a.hiddenLevels(); k++) {
                assertThat(a.levels().get(k - 1)).hasSizeBetween(1, 5);
                assertThat(a.levels().get(k - 1)).allSatisfy(u -> assertThat(u.neurons()).isBetween(3, 9));
            }
            assertThat(a.levels().get(a.hiddenLevels())).singleElement()
                    .satisfies(u -> assertThat(u.neurons()).isEqualTo(4));
        }
    }

    @Test
    void everyUnitReadsTheInputAndNoHiddenUnitDeadEnds() {
        ArchitectureSampler sampler = new ArchitectureSampler(space, 1000, 2);
        SplittableRandom random = new SplittableRandom(2);
        for (int i = 0; i < 50; i++) {
            Architecture a = sampler.sample(sampler.skeleton(random), random);
            Set<UnitRef> consumed = new HashSet<>();
            a.levels().forEach(level -> level.forEach(u -> consumed.addAll(u.inputs())));
            for (int k = 1; k <= a.outputLevel(); k++) {
                List<UnitSpec> level = a.levels().get(k - 1);
                for (int u = 0; u < level.size(); u++) {
                    // ceil(affinity · decay^(k−0) · 1) >= 1: every level draws from the input.
                    assertThat(level.get(u).inputs()).contains(UnitRef.INPUT);
                    if (k < a.outputLevel()) {
                        assertThat(consumed).contains(new UnitRef(k, u));
                    }
                }
            }
        }
    }

    @Test
    void lateralsFollowTheirProbabilityAndRunCap() {
        SearchSpace always = space.toBuilder().unitsPerLevel(5, 5).pLateral(1).lateralDecay(1).maxConsecutiveLaterals(2).build();
        SearchSpace never = space.toBuilder().unitsPerLevel(5, 5).pLateral(0).build();
        Architecture capped = sample(always);
        Architecture none = sample(never);
        for (int k = 1; k <= capped.hiddenLevels(); k++) {
            List<UnitSpec> level = capped.levels().get(k - 1);
            // With p = 1 and a cap of 2 the pattern is: -, lateral, lateral, -, lateral.
            assertThat(hasLateral(level.get(1), k, 1)).isTrue();
            assertThat(hasLateral(level.get(2), k, 2)).isTrue();
            assertThat(hasLateral(level.get(3), k, 3)).isFalse();
            assertThat(hasLateral(level.get(4), k, 4)).isTrue();
            for (int u = 1; u < 5; u++) {
                assertThat(hasLateral(none.levels().get(k - 1).get(u), k, u)).isFalse();
            }
        }
    }

    @Test
    void sameRandomStateGivesTheSameArchitecture() {
        assertThat(sample(space)).isEqualTo(sample(space));
    }

    private static Architecture sample(SearchSpace s) {
        ArchitectureSampler sampler = new ArchitectureSampler(s, 100, 2);
        SplittableRandom random = new SplittableRandom(5);
        return sampler.sample(sampler.skeleton(random), random);
    }

    private static boolean hasLateral(UnitSpec unit, int level, int index) {
        return unit.inputs().contains(new UnitRef(level, index - 1));
    }
}
