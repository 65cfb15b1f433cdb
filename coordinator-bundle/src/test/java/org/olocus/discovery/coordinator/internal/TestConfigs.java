package org.olocus.discovery.coordinator.internal;

import java.lang.reflect.Proxy;
import java.util.Map;

import org.olocus.discovery.peerstore.internal.PeerStoreConfig;

/** Builds configuration annotation instances the way DS does: defaults, overridden by a map of keys. */
final class TestConfigs {
    private TestConfigs() {
    }

    static CoordinatorConfig coordinator(Map<String, Object> values) {
        return of(CoordinatorConfig.class, values);
    }

    /** A peer store's configuration ({@code type}, {@code path}, {@code max_peers} …), for the real stores. */
    static PeerStoreConfig peerStore(Map<String, Object> values) {
        return of(PeerStoreConfig.class, values);
    }

    @SuppressWarnings("unchecked")
    static <A> A of(Class<A> type, Map<String, Object> values) {
        return (A) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            String key = method.getName().replace("__", "\u0000").replace('_', '.').replace('\u0000', '_');
            if (values.containsKey(key)) {
                return values.get(key);
            }
            if (method.getDefaultValue() != null) {
                return method.getDefaultValue();
            }
            return switch (method.getName()) {
                case "toString" -> type.getSimpleName() + values;
                case "hashCode" -> values.hashCode();
                case "equals" -> proxy == args[0];
                default -> throw new IllegalStateException("no value for " + method.getName());
            };
        });
    }
}
