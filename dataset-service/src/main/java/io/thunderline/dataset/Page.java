package io.thunderline.dataset;

import java.util.List;

/** One page of a list: the items from {@code offset}, at most {@code limit}, out of {@code total}. */
public record Page<T>(List<T> items, long total, int limit, int offset) {
}
