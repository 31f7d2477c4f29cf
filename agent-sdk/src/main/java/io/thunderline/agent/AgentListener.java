package io.thunderline.agent;

import io.thunderline.contracts.AdapterAck;

/** Optional callbacks of an {@link UpmAgent} (called on its own threads; keep them short). */
public interface AgentListener {
    /** An adapter was applied (or refused) and its ack is about to be sent. */
    default void handled(AdapterAck ack) {
    }

    /** An ack (applied or refused) was written to upm.adapter-acks and acknowledged by Kafka. */
    default void acked(AdapterAck ack) {
    }

    AgentListener NONE = new AgentListener() {
    };
}
