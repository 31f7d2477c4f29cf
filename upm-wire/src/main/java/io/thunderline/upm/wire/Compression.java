package io.thunderline.upm.wire;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** How adapter payloads and snapshot files are compressed: zstd (default, fast to decode) or gzip (no native code). */
public enum Compression {
    ZSTD, GZIP;

    /** Refuses to inflate anything larger: a model of 2^18 dims x 64 classes is 64 MiB of floats. */
    public static final int MAX_INFLATED_BYTES = 256 << 20;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Compression fromWire(String name) {
        for (Compression c : values()) {
            if (c.wireName().equalsIgnoreCase(name)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown compression '" + name + "'; use zstd or gzip");
    }

    /** Something that writes itself to a stream (so it never has to exist as one array). */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Compresses what {@code content} writes, as it writes it; {@link #decompress} reads the result. */
    public byte[] compress(Content content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 16);
        try (OutputStream packed = switch (this) {
            case ZSTD -> new ZstdOutputStreamNoFinalizer(out, 3);
            case GZIP -> new GZIPOutputStream(out, 1 << 16);
        }) {
            content.writeTo(packed);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public byte[] compress(byte[] raw) {
        return switch (this) {
            case ZSTD -> Zstd.compress(raw, 3);
            case GZIP -> gzip(raw);
        };
    }

    public byte[] decompress(byte[] packed) {
        return switch (this) {
            case ZSTD -> unzstd(packed);
            case GZIP -> gunzip(packed);
        };
    }

    private static byte[] unzstd(byte[] packed) {
        long size = Zstd.getFrameContentSize(packed);
        if (size == -1) {
            // a streamed frame (see compress(Content)) does not state its size up front
            try (InputStream in = new ZstdInputStreamNoFinalizer(new ByteArrayInputStream(packed))) {
                return readBounded(in, packed.length, "zstd");
            } catch (IOException e) {
                throw new IllegalArgumentException("zstd data is damaged: " + e.getMessage(), e);
            }
        }
        if (size < 0 || size > MAX_INFLATED_BYTES) {
            throw new IllegalArgumentException("zstd frame has no usable content size (" + size + ")");
        }
        byte[] out = new byte[(int) size];
        long n = Zstd.decompress(out, packed);
        if (Zstd.isError(n) || n != size) {
            throw new IllegalArgumentException("zstd data is damaged: " + (Zstd.isError(n) ? Zstd.getErrorName(n) : n + " bytes"));
        }
        return out;
    }

    private static byte[] gzip(byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, raw.length / 4));
        try (GZIPOutputStream gz = new GZIPOutputStream(out, 1 << 16)) {
            gz.write(raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] gunzip(byte[] packed) {
        try (GZIPInputStream gz = new GZIPInputStream(new ByteArrayInputStream(packed), 1 << 16)) {
            return readBounded(gz, packed.length, "gzip");
        } catch (IOException e) {
            throw new IllegalArgumentException("gzip data is damaged: " + e.getMessage(), e);
        }
    }

    private static byte[] readBounded(InputStream in, int packedLength, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(1 << 10, packedLength * 4));
        byte[] buffer = new byte[1 << 16];
        int n;
        while ((n = in.read(buffer)) > 0) {
            out.write(buffer, 0, n);
            if (out.size() > MAX_INFLATED_BYTES) {
                throw new IllegalArgumentException(format + " data inflates beyond " + MAX_INFLATED_BYTES + " bytes");
            }
        }
        return out.toByteArray();
    }
}
