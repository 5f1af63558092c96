package io.takfed.api.health;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Marks the web module as serving. The server answers health requests as soon as CDI is up, a moment before
 * this module's servlet context starts; readiness must not say UP in that gap.
 */
@WebListener
public class WebModuleStarted implements ServletContextListener {

    private static final AtomicBoolean STARTED = new AtomicBoolean();

    static boolean started() {
        return STARTED.get();
    }

    @Override
    public void contextInitialized(ServletContextEvent event) {
        STARTED.set(true);
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        STARTED.set(false);
    }
}
