package org.olocus.discovery.peerstore.internal;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.IntSupplier;

import org.olocus.discovery.api.PeerLimits;
import org.olocus.discovery.support.internal.DataDirectory;

/**
 * A checked peer store configuration: what {@link PeerStoreConfig} asks for, validated, with the path resolved.
 *
 * @param persistent whether the store lives in a file
 * @param path       the absolute file path (resolved even for a memory store, unused there)
 * @param limits     the peer limits
 * @param ranking    the {@code service.ranking} of the registered service
 */
record StoreSettings(boolean persistent, Path path, PeerLimits limits, int ranking) {
    /** The standard OSGi key, honoured as well as {@code service_ranking} since operators reach for it. */
    static final String SERVICE_RANKING = "service.ranking";

    /**
     * Every key at its default: a memory store with the spec's limits, ranking 0; {@code framework} gives the
     * framework properties (relative paths resolve against {@code olocus.home}).
     */
    static StoreSettings defaults(Function<String, String> framework) {
        return new StoreSettings(false, resolve("data/peers.mv", framework), PeerLimits.DEFAULT, 0);
    }

    /**
     * Checks {@code config} (and {@code service.ranking} among the raw {@code properties}); a relative path
     * resolves against the framework property {@code olocus.home} that {@code framework} gives.
     *
     * @throws IllegalArgumentException naming every bad key and its value
     */
    static StoreSettings from(PeerStoreConfig config, Map<String, ?> properties,
            Function<String, String> framework) {
        List<String> errors = new ArrayList<>();
        String type = config.type() == null ? "" : config.type().trim().toLowerCase(Locale.ROOT);
        boolean persistent = PeerStoreConfig.PERSISTENT.equals(type);
        if (!persistent && !PeerStoreConfig.MEMORY.equals(type)) {
            errors.add("type='" + config.type() + "' is neither memory nor persistent");
        }
        Path path = null;
        String rawPath = config.path();
        if (rawPath == null || rawPath.isBlank()) {
            if (persistent) {
                errors.add("path='" + rawPath + "' is blank but type=persistent needs a file");
            }
        } else {
            try {
                path = resolve(rawPath.trim(), framework);
            } catch (InvalidPathException e) {
                errors.add("path='" + rawPath + "' is not a valid path: " + e.getReason());
            }
        }
        int maxPeers = intKey(errors, "max_peers", config::max__peers, 1);
        int maxInbound = intKey(errors, "max_inbound", config::max__inbound, 0);
        int maxOutbound = intKey(errors, "max_outbound", config::max__outbound, 0);
        int ranking = intKey(errors, "service_ranking", config::service__ranking, Integer.MIN_VALUE);
        Object standard = properties == null ? null : properties.get(SERVICE_RANKING);
        if (standard != null) {
            try {
                ranking = standard instanceof Number n ? n.intValue() : Integer.parseInt(standard.toString().trim());
            } catch (NumberFormatException e) {
                errors.add(SERVICE_RANKING + "='" + standard + "' is not an integer");
            }
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", errors));
        }
        return new StoreSettings(persistent, path == null ? defaults(framework).path() : path,
                new PeerLimits(maxPeers, maxInbound, maxOutbound), ranking);
    }

    /** Reads one int key; DS throws when a text value is not a number, which is reported like a bad value. */
    private static int intKey(List<String> errors, String key, IntSupplier value, int min) {
        int v;
        try {
            v = value.getAsInt();
        } catch (RuntimeException e) {
            errors.add(key + " is not an integer (" + e.getMessage() + ")");
            return min;
        }
        if (v < min) {
            errors.add(key + "=" + v + " must be " + (min == 0 ? "not negative" : "at least " + min));
        }
        return v;
    }

    /** Whether going from these settings to {@code next} needs another backend (type or file changes). */
    boolean needsNewBackend(StoreSettings next) {
        return persistent != next.persistent || (persistent && !path.equals(next.path));
    }

    String typeName() {
        return persistent ? PeerStoreConfig.PERSISTENT : PeerStoreConfig.MEMORY;
    }

    /**
     * {@code path} made absolute against the framework property {@code olocus.home} when set, else the working
     * directory.
     */
    static Path resolve(String path, Function<String, String> framework) {
        Path p = Path.of(path);
        if (!p.isAbsolute()) {
            p = DataDirectory.home(framework).orElseGet(() -> Path.of("").toAbsolutePath()).resolve(p);
        }
        return p.normalize();
    }

    @Override
    public String toString() {
        return typeName() + (persistent ? " at " + path : "") + ", max_peers=" + limits.maxPeers() + ", max_inbound="
                + limits.maxInbound() + ", max_outbound=" + limits.maxOutbound() + ", service.ranking=" + ranking;
    }
}
