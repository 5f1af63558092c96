package io.takfed.pki;

import java.security.Provider;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * One BouncyCastle provider instance, passed explicitly to the builders that need it. It is never added to
 * {@code java.security.Security}: the RAR and a WAR may each load BouncyCastle, and a global registration
 * from one class loader would leak into the other.
 */
final class BouncyCastle {

    static final Provider PROVIDER = new BouncyCastleProvider();

    private BouncyCastle() {
    }
}
