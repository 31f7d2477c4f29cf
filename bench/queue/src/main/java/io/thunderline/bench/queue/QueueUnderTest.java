package io.thunderline.bench.queue;

import java.util.List;

/** One queue implementation driven by the benchmark; claim returns an empty list when nothing is claimable. */
interface QueueUnderTest {
    String name();

    void reset();

    /** priority: 0 low, 1 normal, 2 high. */
    void enqueue(String id, int priority);

    /** Up to the queue's batch of jobs (one for a queue that takes one at a time). */
    List<?> claim(String workerId);

    /** Completes what one claim returned. */
    void complete(List<?> claimed, String workerId);

    /** Fails unless every job ended exactly once. */
    void verify(int jobs);
}
