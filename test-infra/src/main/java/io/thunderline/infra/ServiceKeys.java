package io.thunderline.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The deployment's RSA key pair and agent key for a test run or the local stack: PEM files the services read
 * (THUNDERLINE_JWT_PRIVATE_KEY / THUNDERLINE_JWT_PUBLIC_KEY) and the key agents send (THUNDERLINE_AGENT_KEY).
 * {@link #forTestRun()} makes one pair per test JVM in a temporary directory; {@link #in(Path)} keeps one in a
 * directory, made on first use (./thunderline up: .thunderline/keys).
 */
public final class ServiceKeys {
    private static final String KEYS_PROPERTY = "thunderline.test-run.keys";
    private static ServiceKeys testRun;

    private final Path privateKey;
    private final Path publicKey;
    private final String agentKey;

    private ServiceKeys(Path privateKey, Path publicKey, String agentKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
        this.agentKey = agentKey;
    }

    /**
     * One key pair for every service and test of this JVM. Its directory is kept in a system property, not only in this
     * class: a @QuarkusTest loads test-infra in more than one class loader (the test resource's and the test's), and
     * both must sign and verify with the same pair.
     */
    public static synchronized ServiceKeys forTestRun() {
        String kept = System.getProperty(KEYS_PROPERTY);
        if (testRun == null && kept != null) {
            testRun = in(Path.of(kept));
        }
        if (testRun == null) {
            try {
                Path dir = Files.createTempDirectory("thunderline-keys");
                System.setProperty(KEYS_PROPERTY, dir.toString());
                dir.toFile().deleteOnExit();
                testRun = in(dir);
                testRun.privateKey.toFile().deleteOnExit();
                testRun.publicKey.toFile().deleteOnExit();
                dir.resolve("agent.key").toFile().deleteOnExit();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return testRun;
    }

    /** The pair kept in {@code dir}, generated there when it is not there yet. */
    public static ServiceKeys in(Path dir) {
        Path priv = dir.resolve("jwt-private.pem");
        Path pub = dir.resolve("jwt-public.pem");
        Path agent = dir.resolve("agent.key");
        try {
            Files.createDirectories(dir);
            if (!Files.isRegularFile(priv) || !Files.isRegularFile(pub)) {
                KeyPair pair = generate();
                writeSecret(priv, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
                Files.writeString(pub, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
            }
            if (!Files.isRegularFile(agent)) {
                writeSecret(agent, UUID.randomUUID().toString().replace("-", "") + UUID.randomUUID().toString().replace("-", ""));
            }
            return new ServiceKeys(priv, pub, Files.readString(agent).strip());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the service keys in " + dir, e);
        }
    }

    public Path privateKeyFile() {
        return privateKey;
    }

    public Path publicKeyFile() {
        return publicKey;
    }

    public String agentKey() {
        return agentKey;
    }

    public PrivateKey privateKey() {
        try {
            String text = Files.readString(privateKey);
            String body = text.replaceAll("-----[A-Z ]+-----", "");
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(body)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What a service started by the tests needs, as Quarkus configuration. */
    public Map<String, String> quarkusConfig() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("thunderline.identity.private-key-location", privateKey.toString());
        config.put("thunderline.identity.public-key-location", publicKey.toString());
        config.put("thunderline.identity.agent-key", agentKey);
        return config;
    }

    /** The same as environment variables (a process that reads its settings from the environment, e.g. an agent). */
    public Map<String, String> asEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("THUNDERLINE_JWT_PRIVATE_KEY", privateKey.toString());
        env.put("THUNDERLINE_JWT_PUBLIC_KEY", publicKey.toString());
        env.put("THUNDERLINE_AGENT_KEY", agentKey);
        return env;
    }

    static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    /** Owner-only where the file system has permissions: the private key and the agent key are secrets. */
    private static void writeSecret(Path file, String content) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system
        }
        Files.writeString(file, content);
    }
}
