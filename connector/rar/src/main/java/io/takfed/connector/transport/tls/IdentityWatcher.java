package io.takfed.connector.transport.tls;

import io.takfed.pki.PemException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Reloads the federation identity when its files change: the server certificate and key, the CA file and every
 * file of the truststore directory. Polling by content digest works on every file system and mount (inotify does
 * not see through many of them). A change that does not load (a key that does not match, a half-written file)
 * keeps the material in use and is logged; the next change is tried again.
 */
public final class IdentityWatcher implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(IdentityWatcher.class.getName());

    private final IdentityLoader loader;
    private final LiveIdentity live;
    private Map<Path, String> last;
    private ScheduledExecutorService timer;

    public IdentityWatcher(IdentityLoader loader, LiveIdentity live) throws IOException {
        this.loader = loader;
        this.live = live;
        this.last = loader.stamp();
    }

    /** Checks every {@code interval}; zero never checks (then only {@link #checkNow()} does). */
    public IdentityWatcher start(Duration interval) {
        if (!interval.isZero()) {
            timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "takfed-pki-watch");
                thread.setDaemon(true);
                return thread;
            });
            timer.scheduleWithFixedDelay(this::checkNow, interval.toMillis(), interval.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
        return this;
    }

    /** Reloads if the files changed since the last check; true when new material is in use. */
    public synchronized boolean checkNow() {
        Map<Path, String> stamp;
        try {
            stamp = loader.stamp();
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "TAKFED-P005 Cannot read the federation PKI files; keeping the material in use: {0}",
                    e.toString());
            return false;
        }
        if (Objects.equals(stamp, last)) {
            return false;
        }
        last = stamp;
        FederationIdentity next;
        try {
            next = loader.load();
        } catch (IOException | PemException | RuntimeException e) {
            LOG.log(Level.SEVERE, "TAKFED-P005 The changed federation PKI files do not load; keeping the material "
                    + "in use ({0}): {1}", new Object[] {live.current().fingerprint(), e.getMessage()});
            return false;
        }
        FederationIdentity before = live.current();
        live.replace(next);
        LOG.log(Level.INFO, "TAKFED-P004 Reloaded the federation identity: certificate {0} (was {1}), {2} trusted "
                + "CA certificates; new connections use it, links already up keep theirs",
                new Object[] {next.fingerprint(), before.fingerprint(), next.trusted().size()});
        return true;
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
