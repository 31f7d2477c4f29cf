package io.thunderline.llm;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where pretrained model files live and whether they are the pinned ones.
 *
 * <p>The directory is, first found wins: the Java system property {@value #PROPERTY}, the environment variable
 * {@value #ENV}, else {@code ~/.cache/thunderline/models}. {@code bin/fetch-models} fills the same directory (it reads
 * the same variable). Nothing is downloaded here: a missing or damaged file is an error whose message names the
 * file and the command that fetches it; nothing falls back to another model.
 */
public final class PretrainedModelStore {

    public static final String PROPERTY = "thunderline.models.dir";
    public static final String ENV = "THUNDERLINE_MODELS_DIR";
    public static final String FETCH_COMMAND = "bin/fetch-models";

    /** Verified files: path → size:mtime:sha, so a file is hashed once per change, not per load. */
    private static final Map<String, String> VERIFIED = new ConcurrentHashMap<>();

    private final Path dir;
    private final boolean defaultDir;

    public PretrainedModelStore(Path dir) {
        this(dir, false);
    }

    private PretrainedModelStore(Path dir, boolean defaultDir) {
        this.dir = dir.toAbsolutePath().normalize();
        this.defaultDir = defaultDir;
    }

    /** The directory configured by system property, environment variable or the default. */
    public static PretrainedModelStore configured() {
        String property = System.getProperty(PROPERTY);
        if (property != null && !property.isBlank()) {
            return new PretrainedModelStore(Path.of(property));
        }
        String env = System.getenv(ENV);
        if (env != null && !env.isBlank()) {
            return new PretrainedModelStore(Path.of(env));
        }
        return new PretrainedModelStore(defaultDirectory(), true);
    }

    public static Path defaultDirectory() {
        return Path.of(System.getProperty("user.home"), ".cache", "thunderline", "models");
    }

    public Path directory() {
        return dir;
    }

    /** The command (run in the repository root) that puts the file where this store looks. */
    public String fetchCommand() {
        return defaultDir ? FETCH_COMMAND : ENV + "=" + dir + " " + FETCH_COMMAND;
    }

    /** The verified file of {@code model}, or {@link ModelUnavailableException} naming the file and the fix. */
    public Path locate(PretrainedModel model) {
        Path file = dir.resolve(model.fileName());
        if (!Files.isRegularFile(file)) {
            throw new ModelUnavailableException(file.toString(), "the pretrained model file " + file + " is missing ("
                    + model.name() + " from the " + model.source() + "): run `" + fetchCommand()
                    + "` in the Thunderline repository to fetch and verify it");
        }
        try {
            String stamp = Files.size(file) + ":" + Files.getLastModifiedTime(file).toMillis() + ":" + model.sha256();
            if (stamp.equals(VERIFIED.get(file.toString()))) {
                return file;
            }
            String actual = sha256(file);
            if (!actual.equalsIgnoreCase(model.sha256())) {
                throw new ModelUnavailableException(file.toString(), "the pretrained model file " + file
                        + " is damaged or not the expected file (SHA-256 " + actual + ", expected " + model.sha256()
                        + "): delete it and run `" + fetchCommand() + "` in the Thunderline repository");
            }
            VERIFIED.put(file.toString(), stamp);
            return file;
        } catch (IOException e) {
            throw new ModelUnavailableException(file.toString(), "the pretrained model file " + file + " cannot be read ("
                    + e.getMessage() + "): run `" + fetchCommand() + "` in the Thunderline repository");
        }
    }

    public static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static UncheckedIOException unchecked(IOException e) {
        return new UncheckedIOException(e);
    }
}
