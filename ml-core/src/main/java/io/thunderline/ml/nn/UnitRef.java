package io.thunderline.ml.nn;

/** Points at unit {@code unit} of level {@code level}; level 0 is the input projection. */
public record UnitRef(int level, int unit) implements Comparable<UnitRef> {

    public static final UnitRef INPUT = new UnitRef(0, 0);

    @Override
    public int compareTo(UnitRef o) {
        return level != o.level ? Integer.compare(level, o.level) : Integer.compare(unit, o.unit);
    }

    @Override
    public String toString() {
        return level == 0 ? "in" : "L" + level + "u" + unit;
    }
}
