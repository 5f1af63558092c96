package io.takfed.configuration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Reads the settings once per deployment from MicroProfile Config (system properties, environment, files).
 * Produced as a dependent value: a record is final, so it cannot sit behind a normal-scoped client proxy.
 */
@ApplicationScoped
public class SettingsProducer {

    private volatile TakfedSettings settings;

    @Produces
    TakfedSettings settings() {
        TakfedSettings current = settings;
        if (current == null) {
            Config config = ConfigProvider.getConfig();
            current = TakfedSettings.from(key -> config.getOptionalValue(key, String.class));
            settings = current;
        }
        return current;
    }
}
