package io.thunderline.system.upm.bench;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The reference for adapter sync: the same number of Kafka consumer + producer pairs in this JVM, against the same
 * broker, each answering a record of an adapter's size with a small ack and doing nothing else (no parsing, checksum,
 * inflating or applying). Its "record on Kafka → ack acknowledged" is the floor the UPM agents' same span is compared
 * with: what this harness costs before UPM does anything.
 */
final class KafkaFanOutBaseline {
    private KafkaFanOutBaseline() {
    }

    /**
     * Traffic of its own against a broker, from a JVM of its own (so none of this JVM's compiled code reaches the
     * benchmark's): {@code java ... KafkaFanOutBaseline BOOTSTRAP PAIRS ROUNDS RECORD_BYTES}. Prints p50/p99.
     */
    public static void main(String[] args) throws Exception {
        double[] ms = run(args[0], Integer.parseInt(args[1]), 0, Integer.parseInt(args[2]), Integer.parseInt(args[3]));
        System.out.printf(java.util.Locale.ROOT, "bare Kafka fan-out: %d acks, p50 %.1f / p99 %.1f ms%n", ms.length,
                AdapterSyncBenchmark.percentile(ms, 0.5), AdapterSyncBenchmark.percentile(ms, 0.99));
    }

    /** Latencies (ms) of every ack of the measured rounds, sorted. */
    static double[] run(String bootstrap, int pairs, int warmup, int rounds, int recordBytes) throws Exception {
        String topic = "bench-fanout-" + System.nanoTime();
        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProps.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        Map<Integer, Map<Integer, Long>> acked = new ConcurrentHashMap<>();
        Map<Integer, Long> sentAt = new ConcurrentHashMap<>();
        CountDownLatch ready = new CountDownLatch(pairs);
        List<KafkaConsumer<String, String>> consumers = new ArrayList<>();
        List<KafkaProducer<String, String>> producers = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        try (KafkaProducer<String, String> source = new KafkaProducer<>(producerProps)) {
            // creates both topics (auto-creation) before anyone reads them
            source.send(new ProducerRecord<>(topic, 0, "create", "")).get(30, TimeUnit.SECONDS);
            source.send(new ProducerRecord<>(topic + "-acks", "create", "")).get(30, TimeUnit.SECONDS);
            for (int i = 0; i < pairs; i++) {
                int id = i;
                Properties consumerProps = new Properties();
                consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
                consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
                consumerProps.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "500");
                consumerProps.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
                consumerProps.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
                KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps);
                KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps);
                consumers.add(consumer);
                producers.add(producer);
                Thread t = new Thread(() -> answer(topic, id, consumer, producer, ready, acked), "fanout-" + id);
                t.setDaemon(true);
                t.start();
                threads.add(t);
            }
            if (!ready.await(2, TimeUnit.MINUTES)) {
                throw new IllegalStateException("fan-out consumers did not start");
            }
            char[] body = new char[recordBytes];
            Arrays.fill(body, 'a');
            String value = new String(body);
            for (int round = 1; round <= warmup + rounds; round++) {
                int r = round;
                long t0 = source.send(new ProducerRecord<>(topic, 0, Integer.toString(r), value)).get(30, TimeUnit.SECONDS)
                        .timestamp();
                sentAt.put(r, t0);
                AdapterSyncBenchmark.waitUntil(Duration.ofMinutes(1), () -> acked.getOrDefault(r, Map.of()).size() == pairs);
                Thread.sleep(300);
            }
        } finally {
            consumers.forEach(KafkaConsumer::wakeup);
            for (Thread t : threads) {
                t.join(5000);
            }
            producers.forEach(p -> p.close(Duration.ofSeconds(5)));
        }
        return acked.entrySet().stream().filter(e -> e.getKey() > warmup)
                .flatMap(e -> e.getValue().values().stream().map(t -> (double) (t - sentAt.get(e.getKey()))))
                .mapToDouble(Double::doubleValue).sorted().toArray();
    }

    private static void answer(String topic, int id, KafkaConsumer<String, String> consumer,
                               KafkaProducer<String, String> producer, CountDownLatch ready,
                               Map<Integer, Map<Integer, Long>> acked) {
        TopicPartition partition = new TopicPartition(topic, 0);
        consumer.assign(List.of(partition));
        consumer.seekToEnd(List.of(partition));
        consumer.position(partition);
        ready.countDown();
        try {
            while (true) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    int round = Integer.parseInt(record.key());
                    producer.send(new ProducerRecord<>(topic + "-acks", "agent-" + id, "ack " + round), (m, e) -> {
                        if (e == null) {
                            acked.computeIfAbsent(round, x -> new ConcurrentHashMap<>()).put(id, System.currentTimeMillis());
                        }
                    });
                }
            }
        } catch (WakeupException e) {
            // done
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }
}
