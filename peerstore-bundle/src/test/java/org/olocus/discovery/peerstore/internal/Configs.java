package org.olocus.discovery.peerstore.internal;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

/** {@link PeerStoreConfig} instances as DS builds them from configuration properties, for tests. */
final class Configs {
    private Configs() {
    }

    /** Keys as in a configuration ({@code max_peers}); values as DS coerces them (text to int, failing loudly). */
    static PeerStoreConfig config(Map<String, ?> properties) {
        return (PeerStoreConfig) Proxy.newProxyInstance(PeerStoreConfig.class.getClassLoader(),
                new Class<?>[] {PeerStoreConfig.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "annotationType" -> PeerStoreConfig.class;
                    case "toString" -> "PeerStoreConfig" + properties;
                    case "hashCode" -> properties.hashCode();
                    case "equals" -> proxy == args[0];
                    default -> value(method, properties);
                });
    }

    static PeerStoreConfig config(Object... keysAndValues) {
        return config(map(keysAndValues));
    }

    static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> out = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            out.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return out;
    }

    private static Object value(Method method, Map<String, ?> properties) {
        String key = method.getName().replace("__", "\u0000").replace('_', '.').replace('\u0000', '_');
        Object value = properties.get(key);
        if (value == null) {
            return method.getDefaultValue();
        }
        if (method.getReturnType() == int.class && !(value instanceof Integer)) {
            return Integer.parseInt(value.toString().trim());
        }
        return method.getReturnType() == String.class ? value.toString() : value;
    }
}
