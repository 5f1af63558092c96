package io.takfed.pki;

/** PEM text that is not what it claims to be. The message is safe to show: it never echoes key material. */
public class PemException extends Exception {

    public PemException(String message) {
        super(message);
    }

    public PemException(String message, Throwable cause) {
        super(message, cause);
    }
}
