package io.thunderline.tracking.service;

import java.time.Duration;

/** Exponential backoff: min, 2·min, 4·min … capped at max. */
public record Backoff(Duration min, Duration max) {
    public Duration after(int failures) {
        if (failures <= 1) {
            return min;
        }
        int shift = Math.min(failures - 1, 30);
        long millis = min.toMillis() << shift;
        return millis <= 0 || millis > max.toMillis() ? max : Duration.ofMillis(millis);
    }
}
