package io.thunderline.bench.queue;

/** One queue implementation driven by the benchmark; claim returns null when nothing is claimable. */
interface QueueUnderTest {
    String name();

    void reset();

    /** priority: 0 low, 1 normal, 2 high. */
    void enqueue(String id, int priority);

    Object claim(String workerId);

    void complete(Object claimed, String workerId);

    /** Fails unless every job ended exactly once. */
    void verify(int jobs);
}
