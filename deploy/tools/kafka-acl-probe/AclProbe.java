import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.yaml.snakeyaml.Yaml;

import java.io.FileReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * Applies the KafkaUsers of a rendered overlay (their SCRAM users must exist on the broker, password = user name) and
 * its KafkaTopics to a broker with SCRAM and Kafka's StandardAuthorizer, then tries, as each user, to write and to read
 * every topic: what its ACLs name must work, everything else must be refused. Also: the readiness check's
 * describeCluster, and that an idle idempotent producer gets its producer id. Prints one line per finding.
 *   java -cp 'kafka-lib/*' AclProbe.java rendered.yaml bootstrap admin-user admin-password
 */
public class AclProbe {
    static String bootstrap;
    static int failures;

    public static void main(String[] args) throws Exception {
        bootstrap = args[1];
        Map<String, List<Map<String, Object>>> users = new LinkedHashMap<>();
        Set<String> topics = new TreeSet<>();
        Set<String> podUsers = new TreeSet<>(); // Secrets the Deployments read: the users of services and agents
        for (Object o : new Yaml().loadAll(new FileReader(args[0]))) {
            Map<String, Object> d = cast(o);
            if (d == null) continue;
            String kind = (String) d.get("kind");
            Map<String, Object> spec = cast(d.get("spec"));
            if ("KafkaTopic".equals(kind)) topics.add((String) spec.get("topicName"));
            if ("Deployment".equals(kind)) secretsRead(spec, podUsers);
            if ("KafkaUser".equals(kind)) {
                Map<String, Object> metadata = cast(d.get("metadata"));
                Map<String, Object> authorization = cast(spec.get("authorization"));
                users.put((String) metadata.get("name"), cast(authorization.get("acls")));
            }
        }
        try (Admin admin = Admin.create(login(args[2], args[3]))) {
            List<NewTopic> create = topics.stream().map(t -> new NewTopic(t, 1, (short) 1)).toList();
            admin.createTopics(create).all().get(30, TimeUnit.SECONDS);
            List<AclBinding> bindings = new ArrayList<>();
            users.forEach((user, acls) -> {
                for (Map<String, Object> acl : acls) {
                    Map<String, Object> r = cast(acl.get("resource"));
                    ResourceType type = ResourceType.fromString((String) r.get("type"));
                    String name = type == ResourceType.CLUSTER ? "kafka-cluster" : (String) r.get("name");
                    PatternType pattern = "prefix".equals(r.get("patternType")) ? PatternType.PREFIXED : PatternType.LITERAL;
                    for (Object op : (List<?>) acl.get("operations")) {
                        bindings.add(new AclBinding(new ResourcePattern(type, name, pattern), new AccessControlEntry(
                                "User:" + user, "*", AclOperation.fromString(op.toString().replaceAll("([a-z])([A-Z])", "$1_$2")),
                                AclPermissionType.ALLOW)));
                    }
                }
            });
            admin.createAcls(bindings).all().get(30, TimeUnit.SECONDS);
            System.out.printf("applied %d topics, %d users, %d ACL entries%n", topics.size(), users.size(), bindings.size());
        }
        Thread.sleep(1500);
        int checks = 0;
        for (var e : users.entrySet()) {
            String user = e.getKey();
            Set<String> write = new TreeSet<>(), read = new TreeSet<>();
            String group = null;
            for (Map<String, Object> acl : e.getValue()) {
                Map<String, Object> r = cast(acl.get("resource"));
                List<?> ops = (List<?>) acl.get("operations");
                String name = (String) r.get("name");
                if ("topic".equals(r.get("type")) && !"*".equals(name)) {
                    if (ops.contains("Write")) write.add(name);
                    if (ops.contains("Read")) read.add(name);
                } else if ("group".equals(r.get("type")) && ops.contains("Read") && !"*".equals(name)) {
                    group = "prefix".equals(r.get("patternType")) ? name + "probe" : name;
                }
            }
            // every service and agent runs an idempotent producer (service-support's events channel, the agent's acks)
            boolean producing = podUsers.contains(user);
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps(user), new StringSerializer(), new StringSerializer())) {
                if (producing) {
                    // service-support's idempotent producer asks for its producer id at start, before any send: an
                    // idle one (dataset-service's) must get it too, or it keeps failing with ClusterAuthorization
                    checks++;
                    expect(user + " idle idempotent producer gets a producer id", true, () -> {
                        long end = System.currentTimeMillis() + 8000;
                        while (producerId(producer) < 0 && System.currentTimeMillis() < end) Thread.sleep(100);
                        if (producerId(producer) < 0) throw new IllegalStateException("no producer id after 8 s");
                        return null;
                    });
                }
                for (String t : topics) {
                    checks++;
                    expect(user + " writes " + t, write.contains(t), () -> producer.send(new ProducerRecord<>(t, "probe", "{}")).get(10, TimeUnit.SECONDS));
                }
            }
            for (String t : topics) {
                checks++;
                String g = read.contains(t) ? group : null;
                expect(user + " reads " + t + (g == null ? "" : " in group " + g), read.contains(t), () -> {
                    Properties p = login(user, user);
                    p.put("enable.auto.commit", "false");
                    p.put("auto.offset.reset", "earliest");
                    if (g != null) p.put("group.id", g);
                    try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
                        TopicPartition tp = new TopicPartition(t, 0);
                        c.assign(List.of(tp));
                        c.seekToBeginning(List.of(tp));
                        c.poll(Duration.ofSeconds(2));
                        if (g != null) c.commitSync(Map.of(tp, new OffsetAndMetadata(c.position(tp))));
                    }
                    return null;
                });
            }
            checks++;
            expect(user + " describeCluster (readiness check)", true, () -> {
                try (Admin admin = Admin.create(login(user, user))) {
                    return admin.describeCluster(new DescribeClusterOptions().timeoutMs(5000)).nodes().get(6, TimeUnit.SECONDS);
                }
            });
        }
        System.out.printf("%d checks, %d failed%n", checks, failures);
        System.exit(failures == 0 ? 0 : 1);
    }

    interface Action { Object run() throws Exception; }

    /** allowed: the action must succeed; otherwise it must be refused by the authorizer (nothing else counts). */
    static void expect(String what, boolean allowed, Action action) {
        Throwable error = null;
        try {
            action.run();
        } catch (Exception e) {
            error = e;
            while (error.getCause() != null && !(error instanceof TopicAuthorizationException
                    || error instanceof GroupAuthorizationException || error instanceof ClusterAuthorizationException)) {
                error = error.getCause();
            }
        }
        boolean refused = error instanceof TopicAuthorizationException || error instanceof GroupAuthorizationException
                || error instanceof ClusterAuthorizationException;
        // a user that may write nothing is refused its producer id (ClusterAuthorization) before any topic is checked
        if (allowed && error == null || !allowed && refused) {
            return;
        }
        failures++;
        System.out.println("FAIL: " + what + ": expected " + (allowed ? "to work" : "an authorization refusal")
                + ", got " + (error == null ? "success" : error));
    }

    static void secretsRead(Object node, Set<String> out) {
        if (node instanceof Map<?, ?> m) {
            Object ref = m.get("secretKeyRef");
            if (ref instanceof Map<?, ?> r && r.get("name") != null) out.add(r.get("name").toString());
            m.values().forEach(v -> secretsRead(v, out));
        } else if (node instanceof List<?> l) {
            l.forEach(v -> secretsRead(v, out));
        }
    }

    /** The producer id an idempotent producer holds (-1 before the broker granted one); read from the client's internals. */
    static long producerId(KafkaProducer<?, ?> producer) throws Exception {
        java.lang.reflect.Field f = KafkaProducer.class.getDeclaredField("transactionManager");
        f.setAccessible(true);
        Object tm = f.get(producer);
        java.lang.reflect.Method m = tm.getClass().getDeclaredMethod("producerIdAndEpoch");
        m.setAccessible(true);
        Object pie = m.invoke(tm);
        return pie.getClass().getField("producerId").getLong(pie);
    }

    static Properties producerProps(String user) {
        Properties p = login(user, user);
        p.put("acks", "all");
        p.put("enable.idempotence", "true"); // as service-support's events channel and the agent (Kafka's default)
        p.put("max.block.ms", "8000");
        p.put("delivery.timeout.ms", "8000");
        p.put("request.timeout.ms", "5000");
        return p;
    }

    static Properties login(String user, String password) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("security.protocol", "SASL_PLAINTEXT");
        p.put("sasl.mechanism", "SCRAM-SHA-512");
        p.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                + user + "\" password=\"" + password + "\";");
        p.put("request.timeout.ms", "5000");
        p.put("default.api.timeout.ms", "8000");
        return p;
    }

    @SuppressWarnings("unchecked")
    static <T> T cast(Object o) {
        return (T) o;
    }
}
