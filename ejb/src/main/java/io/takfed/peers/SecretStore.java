package io.takfed.peers;

import io.takfed.configuration.TakfedSettings;
import io.takfed.secrets.MasterKey;
import io.takfed.secrets.SecretCipher;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Singleton;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The cipher for secrets at rest, keyed by the data directory's (or the configured) master key. */
@Singleton
@Lock(LockType.READ)
public class SecretStore {

    @Inject
    private TakfedSettings settings;

    private SecretCipher cipher;

    @PostConstruct
    void load() {
        try {
            cipher = new SecretCipher(MasterKey.load(settings.dataDirectory(), settings.masterKey().orElse(null)));
        } catch (IOException e) {
            throw new UncheckedIOException("the master key in " + settings.dataDirectory() + " cannot be read", e);
        }
    }

    public SecretCipher cipher() {
        return cipher;
    }
}
