package io.thunderline.ml.nn;

/** Points at unit {@code unit} of level {@code level}; level 0 holds the inputs (0 = sparse projection, 1 = sentence vector). */
public record UnitRef(int level, int unit) implements Comparable<UnitRef> {

    public static final UnitRef INPUT = new UnitRef(0, 0);

    @Override
    public int compareTo(UnitRef o) {
        return level != o.level ? Integer.compare(level, o.level) : Integer.compare(unit, o.unit);
    }

    @Override
    public String toString() {
        if (level == 0) {
            return unit == 0 ? "in" : "emb";
        }
        return "L" + level + "u" + unit;
    }
}
