package io.thunderline.ui.client;

/** Another service cannot be reached (down, timing out, or its circuit breaker is open). The page shows the message. */
public class ServiceUnavailable extends RuntimeException {
    public ServiceUnavailable(String message, Throwable cause) {
        super(message, cause);
    }

    static <T> io.smallrye.mutiny.Uni<T> because(String message, Throwable cause) {
        return io.smallrye.mutiny.Uni.createFrom().failure(new ServiceUnavailable(message, cause));
    }
}
