package io.thunderline.support.identity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/** Reads the deployment's RSA keys from PEM files (what openssl and test-infra's ServiceKeys write). */
public final class KeyFiles {
    private KeyFiles() {
    }

    public static PrivateKey privateKey(String location) {
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pem(location, "PRIVATE KEY")));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(location + " is not a PKCS#8 RSA private key (BEGIN PRIVATE KEY): "
                    + e.getMessage(), e);
        }
    }

    public static PublicKey publicKey(String location) {
        try {
            return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(pem(location, "PUBLIC KEY")));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(location + " is not an RSA public key (BEGIN PUBLIC KEY): " + e.getMessage(), e);
        }
    }

    static byte[] pem(String location, String label) {
        String text;
        try {
            text = Files.readString(Path.of(location.replaceFirst("^file:", "")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the key file " + location + " (thunderline.identity.*-location)", e);
        }
        String begin = "-----BEGIN " + label + "-----";
        int start = text.indexOf(begin);
        int end = text.indexOf("-----END " + label + "-----");
        if (start < 0 || end < start) {
            throw new IllegalStateException(location + " holds no " + begin + " block");
        }
        return Base64.getMimeDecoder().decode(text.substring(start + begin.length(), end));
    }
}
