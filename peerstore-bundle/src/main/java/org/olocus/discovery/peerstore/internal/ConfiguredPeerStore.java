package org.olocus.discovery.peerstore.internal;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import java.util.function.Supplier;

import org.olocus.discovery.api.DiscoveryException;
import org.olocus.discovery.api.Multiaddr;
import org.olocus.discovery.api.PeerId;
import org.olocus.discovery.api.PeerInfo;
import org.olocus.discovery.api.PeerLimits;
import org.olocus.discovery.api.PeerStore;
import org.olocus.discovery.api.StoreUpdate;
import org.osgi.framework.BundleContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link PeerStore} a configuration describes: it delegates to a memory or persistent backend and follows
 * configuration changes live. New limits are applied to the running backend; a new type or file opens the new
 * backend, copies every peer into it in one batch, then closes the old one. A bad configuration is logged at
 * ERROR with its keys and values and reported by {@link #describe()} under {@code config_error}; the store keeps
 * its last good configuration (at activation: the defaults). The DS components extend this class; it runs
 * without a framework, so it is tested directly.
 *
 * <p>Every call holds the read side of a lock whose write side a backend switch takes, so no write is lost to
 * the old backend during a copy; callers wait for the copy instead.
 */
public class ConfiguredPeerStore implements PeerStore {
    private static final Logger LOG = LoggerFactory.getLogger(ConfiguredPeerStore.class);

    private final String name;
    private final Function<String, String> framework;
    private final ReentrantReadWriteLock switching = new ReentrantReadWriteLock();
    private PeerStoreBackend backend;
    private StoreSettings settings;
    private volatile String configError;

    /**
     * Outside a framework (tests, tools): the system properties stand in for the framework's ({@code olocus.home},
     * against which a relative path resolves).
     */
    public ConfiguredPeerStore(String name, PeerStoreConfig config, Map<String, ?> properties) {
        this(name, System::getProperty, config, properties);
    }

    /**
     * Applies {@code config} (raw {@code properties} for {@code service.ranking}); {@code name} labels logs;
     * {@code framework} gives the framework properties ({@code BundleContext::getProperty}): a relative path
     * resolves against {@code olocus.home} there.
     */
    public ConfiguredPeerStore(String name, Function<String, String> framework, PeerStoreConfig config,
            Map<String, ?> properties) {
        this.name = name;
        this.framework = framework;
        StoreSettings wanted;
        try {
            wanted = StoreSettings.from(config, properties, framework);
        } catch (IllegalArgumentException e) {
            wanted = refuse(e.getMessage(), "using the defaults");
        }
        PeerStoreBackend opened;
        try {
            opened = open(wanted);
        } catch (RuntimeException e) {
            wanted = refuse("cannot open the " + wanted.typeName() + " store at " + wanted.path() + ": "
                    + e.getMessage(), "using the defaults");
            opened = open(wanted);
        }
        backend = opened;
        settings = wanted;
        LOG.info("peer store {} active: {}", name, wanted);
    }

    /**
     * Follows a configuration change; a bad one is logged, reported and otherwise ignored.
     *
     * @return whether the service properties (the ranking) changed
     */
    public boolean reconfigure(PeerStoreConfig config, Map<String, ?> properties) {
        StoreSettings next;
        try {
            next = StoreSettings.from(config, properties, framework);
        } catch (IllegalArgumentException e) {
            refuse(e.getMessage(), "keeping " + currentSettings());
            return false;
        }
        switching.writeLock().lock();
        try {
            if (settings.needsNewBackend(next)) {
                switchTo(next);
            } else if (!settings.limits().equals(next.limits())) {
                backend.setLimits(next.limits());
            }
            boolean rankingChanged = settings.ranking() != next.ranking();
            settings = next;
            configError = null;
            LOG.info("peer store {} reconfigured: {}", name, next);
            return rankingChanged;
        } catch (RuntimeException e) {
            refuse("cannot apply " + next + ": " + e.getMessage(), "keeping " + settings);
            return false;
        } finally {
            switching.writeLock().unlock();
        }
    }

    /** Closes the backend (a persistent one commits); the store answers reads from memory afterwards. */
    public void close() {
        switching.writeLock().lock();
        try {
            backend.close();
            LOG.info("peer store {} stopped", name);
        } finally {
            switching.writeLock().unlock();
        }
    }

    /**
     * Registers this store as the {@link PeerStore} service (for the DS components, at the end of activation);
     * when that fails the backend is closed, so a failed activation leaves no file open.
     */
    final ServicePublication publish(BundleContext context, Map<String, ?> properties) {
        try {
            return ServicePublication.publish(context, this, properties);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The service properties to register with: {@code service.ranking}, {@code type}, {@code path}. */
    public Dictionary<String, Object> serviceProperties() {
        StoreSettings current = currentSettings();
        Hashtable<String, Object> out = new Hashtable<>();
        out.put(StoreSettings.SERVICE_RANKING, current.ranking());
        out.put("type", current.typeName());
        if (current.persistent()) {
            out.put("path", current.path().toString());
        }
        return out;
    }

    /**
     * Opens the new backend without limits so the copy keeps every peer, then lets the limits evict. Once the
     * copy is done the switch stands; failing to close the old backend is only logged.
     */
    private void switchTo(StoreSettings next) {
        PeerStoreBackend fresh = open(next.persistent(), next.path(), PeerBounds.NO_LIMITS);
        List<PeerInfo> peers;
        int copied;
        try {
            peers = backend.all();
            copied = fresh.addAll(peers);
            fresh.setLimits(next.limits());
        } catch (RuntimeException e) {
            fresh.close();
            throw e;
        }
        PeerStoreBackend old = backend;
        backend = fresh;
        try {
            old.close();
        } catch (RuntimeException e) {
            LOG.warn("peer store {}: closing the previous {} store failed: {}", name, settings.typeName(), e.toString());
        }
        LOG.info("peer store {} switched from {} to {}: copied {} of {} peers", name, settings.typeName(),
                next.typeName() + (next.persistent() ? " at " + next.path() : ""), copied, peers.size());
    }

    private static PeerStoreBackend open(StoreSettings wanted) {
        return open(wanted.persistent(), wanted.path(), wanted.limits());
    }

    private static PeerStoreBackend open(boolean persistent, Path path, PeerLimits limits) {
        return persistent ? PersistentPeerStore.open(path, limits) : new MemoryPeerStore(limits);
    }

    private StoreSettings refuse(String problem, String consequence) {
        configError = problem;
        LOG.error("peer store {}: bad configuration: {}; {}", name, problem, consequence);
        return StoreSettings.defaults(framework);
    }

    private StoreSettings currentSettings() {
        return read(() -> settings);
    }

    private <T> T read(Supplier<T> call) {
        switching.readLock().lock();
        try {
            return call.get();
        } finally {
            switching.readLock().unlock();
        }
    }

    @Override
    public StoreUpdate add(PeerInfo peer) throws DiscoveryException {
        switching.readLock().lock();
        try {
            return backend.add(peer);
        } finally {
            switching.readLock().unlock();
        }
    }

    /**
     * Hands the batch to the backend in one call, so a persistent backend commits (and syncs) once for all of it;
     * the api's default would add, and sync, peer by peer.
     *
     * @throws IllegalStateException when a persistent backend's disk write fails
     */
    @Override
    public int addAll(Collection<PeerInfo> peers) {
        return read(() -> backend.addAll(peers));
    }

    @Override
    public Optional<PeerInfo> remove(PeerId id) {
        return read(() -> backend.remove(id));
    }

    @Override
    public Optional<StoreUpdate> forgetAddresses(PeerId id, Collection<Multiaddr> addresses) {
        return read(() -> backend.forgetAddresses(id, addresses));
    }

    @Override
    public Optional<PeerInfo> get(PeerId id) {
        switching.readLock().lock();
        try {
            return backend.get(id);
        } finally {
            switching.readLock().unlock();
        }
    }

    @Override
    public List<PeerInfo> all() {
        return read(() -> backend.all());
    }

    @Override
    public List<PeerInfo> closest(byte[] kadKey, int count) {
        switching.readLock().lock();
        try {
            return backend.closest(kadKey, count);
        } finally {
            switching.readLock().unlock();
        }
    }

    @Override
    public boolean markSeen(PeerId id, Instant when) {
        return read(() -> backend.markSeen(id, when));
    }

    @Override
    public int size() {
        return read(() -> backend.size());
    }

    @Override
    public PeerLimits limits() {
        return read(() -> backend.limits());
    }

    /** The backend's facts plus {@code store} (the component), {@code service_ranking} and {@code config_error}. */
    @Override
    public Map<String, Object> describe() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("store", name);
        out.putAll(read(() -> backend.describe()));
        out.put("service_ranking", currentSettings().ranking());
        String error = configError;
        if (error != null) {
            out.put("config_error", error);
        }
        return out;
    }
}
