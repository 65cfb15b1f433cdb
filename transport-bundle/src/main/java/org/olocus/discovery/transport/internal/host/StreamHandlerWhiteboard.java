package org.olocus.discovery.transport.internal.host;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.olocus.discovery.api.StreamHandler;
import org.olocus.discovery.api.StreamReceiver;
import org.olocus.discovery.transport.internal.connection.Libp2pHost;
import org.olocus.discovery.transport.internal.connection.Libp2pStream;
import org.olocus.discovery.transport.internal.connection.StreamListener;
import org.olocus.discovery.transport.internal.identify.IdentifyPushProtocol;
import org.osgi.framework.Constants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@link StreamHandler} whiteboard services: each protocol id of a handler's {@link StreamHandler#PROTOCOL}
 * property is handled on the {@link Libp2pHost} while the service is registered. For an id claimed by several
 * handlers the highest {@code service.ranking} (then the oldest service) serves; when it goes, the next takes over.
 * When the set of ids served changes, connected peers hear it through identify push.
 * A handler that goes has every stream it accepted reset, so none outlives its bundle. Ids the host serves itself
 * (ping, identify) and malformed ids are logged and skipped.
 */
final class StreamHandlerWhiteboard {
    private static final Logger LOG = LoggerFactory.getLogger(StreamHandlerWhiteboard.class);
    private static final int MAX_PROTOCOL_LENGTH = 256;
    private static final Comparator<Registration> BEST_FIRST = Comparator
            .comparingInt((Registration r) -> -r.ranking).thenComparingLong(r -> r.serviceId);

    private final Libp2pHost libp2p;
    private final ApiHost host;
    private final Set<String> builtIn;
    /** Guarded by {@code this}. */
    private final Map<StreamHandler, Registration> registrations = new IdentityHashMap<>();
    /** Guarded by {@code this}: the protocol ids currently handed to the host and who serves each. */
    private final Map<String, Registration> serving = new HashMap<>();
    private volatile boolean closed;

    StreamHandlerWhiteboard(Libp2pHost libp2p, ApiHost host) {
        this.libp2p = libp2p;
        this.host = host;
        this.builtIn = Set.copyOf(libp2p.protocols());
    }

    /** A handler service arrived with these service properties. */
    void add(StreamHandler handler, Map<String, ?> properties) {
        Registration r = new Registration(handler, properties);
        boolean changed;
        synchronized (this) {
            if (registrations.putIfAbsent(handler, r) != null) {
                return;
            }
            changed = reassign(r.protocols);
        }
        announceIf(changed);
    }

    /** A handler's properties changed: its ids and ranking are taken again; streams of ids it lost are reset. */
    void update(StreamHandler handler, Map<String, ?> properties) {
        Registration fresh = new Registration(handler, properties);
        Registration old;
        boolean changed;
        synchronized (this) {
            old = registrations.get(handler);
            if (old == null) {
                registrations.put(handler, fresh);
                changed = reassign(fresh.protocols);
            } else {
                Set<String> touched = new LinkedHashSet<>(old.protocols);
                touched.addAll(fresh.protocols);
                old.ranking = fresh.ranking;
                old.protocols = fresh.protocols;
                changed = reassign(touched);
            }
        }
        announceIf(changed);
        if (old == null) {
            return;
        }
        for (ApiStream s : old.streams) {
            if (!old.protocols.contains(s.protocol())) {
                s.reset();
            }
        }
    }

    /** A handler service went: its ids move to the next handler or stop being served; its streams are reset. */
    void remove(StreamHandler handler) {
        Registration r;
        boolean changed;
        synchronized (this) {
            r = registrations.remove(handler);
            if (r == null) {
                return;
            }
            r.gone = true;
            changed = reassign(r.protocols);
        }
        announceIf(changed);
        List<ApiStream> open = new ArrayList<>(r.streams);
        open.forEach(ApiStream::reset);
        if (!open.isEmpty()) {
            LOG.info("Reset {} stream(s) of a departed StreamHandler for {}", open.size(), r.protocols);
        }
    }

    /** Forgets every handler (the host is closing; its connections reset the streams). */
    synchronized void close() {
        closed = true;
        for (Registration r : registrations.values()) {
            r.gone = true;
        }
        registrations.clear();
        for (String protocol : serving.keySet()) {
            libp2p.unhandle(protocol);
        }
        serving.clear();
    }

    /** Who serves {@code protocol} now, for tests and status. */
    synchronized StreamHandler servingHandler(String protocol) {
        Registration r = serving.get(protocol);
        return r == null ? null : r.handler;
    }

    /** Streams accepted by {@code handler} and not yet over. */
    synchronized int openStreams(StreamHandler handler) {
        Registration r = registrations.get(handler);
        return r == null ? 0 : r.streams.size();
    }

    /** Hands each of {@code protocols} to its best handler; whether the set of ids we serve changed. */
    private boolean reassign(Collection<String> protocols) {
        boolean changed = false;
        for (String protocol : protocols) {
            Registration best = registrations.values().stream().filter(r -> r.protocols.contains(protocol))
                    .min(BEST_FIRST).orElse(null);
            Registration current = serving.get(protocol);
            if (best == current) {
                continue;
            }
            if (best == null) {
                serving.remove(protocol);
                libp2p.unhandle(protocol);
                changed = true;
            } else {
                changed |= serving.put(protocol, best) == null;
                libp2p.handle(protocol, stream -> accept(best, stream));
            }
        }
        return changed;
    }

    /** Tells connected peers (those that speak identify push) that our protocols changed. */
    private void announceIf(boolean changed) {
        if (changed && !closed) {
            IdentifyPushProtocol.pushToAll(libp2p);
        }
    }

    /** On the connection's event loop: hands a negotiated inbound stream to the handler. */
    private StreamListener accept(Registration r, Libp2pStream stream) {
        if (r.gone) {
            return null; // the host resets the stream
        }
        ApiStream[] made = new ApiStream[1];
        made[0] = new ApiStream(stream, host.adapter(stream.connection()), () -> r.streams.remove(made[0]));
        r.streams.add(made[0]);
        StreamReceiver receiver;
        try {
            receiver = r.handler.accept(made[0]);
        } catch (RuntimeException e) {
            r.streams.remove(made[0]);
            LOG.debug("StreamHandler for {} refused a stream: {}", stream.protocol(), e.toString());
            throw e; // resets that stream
        }
        if (receiver == null || r.gone) {
            // no receiver, or the handler left while accepting (remove() may have missed this stream)
            r.streams.remove(made[0]);
            return null;
        }
        return new ApiStreamListener(made[0], receiver);
    }

    /** Protocol ids from the service property: a String or String[] (or a collection); bad ones logged, skipped. */
    private Set<String> protocolIds(Object value) {
        List<Object> raw = new ArrayList<>();
        if (value instanceof String s) {
            raw.add(s);
        } else if (value instanceof String[] a) {
            raw.addAll(List.of((Object[]) a));
        } else if (value instanceof Collection<?> c) {
            raw.addAll(c);
        } else if (value != null) {
            LOG.warn("StreamHandler property {} is a {}, not a String or String[]; ignored", StreamHandler.PROTOCOL,
                    value.getClass().getSimpleName());
        }
        Set<String> ids = new LinkedHashSet<>();
        for (Object o : raw) {
            String problem = problem(o);
            if (problem == null) {
                ids.add((String) o);
            } else {
                LOG.warn("StreamHandler protocol id {} skipped: {}", o, problem);
            }
        }
        if (ids.isEmpty()) {
            LOG.warn("A StreamHandler service has no usable {} property; it serves nothing", StreamHandler.PROTOCOL);
        }
        return Set.copyOf(ids);
    }

    private String problem(Object o) {
        if (!(o instanceof String id)) {
            return "not a string";
        }
        if (!id.startsWith("/") || id.length() > MAX_PROTOCOL_LENGTH) {
            return "must start with '/' and have at most " + MAX_PROTOCOL_LENGTH + " characters";
        }
        if (!id.chars().allMatch(c -> c > 0x20 && c < 0x7F)) {
            return "must be printable ASCII without spaces";
        }
        if (builtIn.contains(id)) {
            return "served by the host itself";
        }
        return null;
    }

    /** One handler service: its ids, ranking and the streams it accepted. */
    private final class Registration {
        final StreamHandler handler;
        final long serviceId;
        final Set<ApiStream> streams = ConcurrentHashMap.newKeySet();
        volatile int ranking;
        volatile Set<String> protocols;
        volatile boolean gone;

        Registration(StreamHandler handler, Map<String, ?> properties) {
            this.handler = handler;
            Object id = properties.get(Constants.SERVICE_ID);
            this.serviceId = id instanceof Number n ? n.longValue() : Long.MAX_VALUE;
            Object rank = properties.get(Constants.SERVICE_RANKING);
            this.ranking = rank instanceof Integer i ? i : 0;
            this.protocols = protocolIds(properties.get(StreamHandler.PROTOCOL));
        }
    }
}
