package org.olocus.discovery.dns.internal;

import java.lang.reflect.Proxy;
import java.util.Map;

/**
 * A {@link DnsConfig} as ConfigAdmin would hand it to the component: the given properties (by their real keys,
 * e.g. {@code dns_timeout}) over the annotation's defaults.
 */
final class TestConfigs {
    private TestConfigs() {
    }

    static DnsConfig config(Map<String, Object> properties) {
        return (DnsConfig) Proxy.newProxyInstance(DnsConfig.class.getClassLoader(), new Class<?>[] {DnsConfig.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "annotationType" -> DnsConfig.class;
                    case "toString" -> "DnsConfig" + properties;
                    case "hashCode" -> properties.hashCode();
                    case "equals" -> proxy == args[0];
                    default -> {
                        String key = method.getName().replace("__", "\u0000").replace('_', '.').replace('\u0000', '_');
                        yield properties.containsKey(key) ? properties.get(key) : method.getDefaultValue();
                    }
                });
    }
}
