package io.takfed.connector.transport.tls;

import java.security.KeyStore;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.KeyManagerFactorySpi;
import javax.net.ssl.ManagerFactoryParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.TrustManagerFactorySpi;

/** Wraps one key or trust manager as the factory type Netty's context builders take. */
final class ManagerFactories {

    private ManagerFactories() {
    }

    static TrustManagerFactory trust(TrustManager manager) {
        return new TrustManagerFactory(new TrustManagerFactorySpi() {
            @Override
            protected void engineInit(KeyStore ks) {
            }

            @Override
            protected void engineInit(ManagerFactoryParameters spec) {
            }

            @Override
            protected TrustManager[] engineGetTrustManagers() {
                return new TrustManager[] {manager};
            }
        }, null, "takfed") {
        };
    }

    static KeyManagerFactory keys(KeyManager manager) {
        return new KeyManagerFactory(new KeyManagerFactorySpi() {
            @Override
            protected void engineInit(KeyStore ks, char[] password) {
            }

            @Override
            protected void engineInit(ManagerFactoryParameters spec) {
            }

            @Override
            protected KeyManager[] engineGetKeyManagers() {
                return new KeyManager[] {manager};
            }
        }, null, "takfed") {
        };
    }
}
