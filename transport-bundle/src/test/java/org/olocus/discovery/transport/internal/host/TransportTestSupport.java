package org.olocus.discovery.transport.internal.host;

import static org.junit.jupiter.api.Assertions.fail;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import org.olocus.discovery.api.LocalPeer;

/** Configs, components and waiting for the transport component tests; everything listens on 127.0.0.1 only. */
public final class TransportTestSupport {
    static final String LOOPBACK = "/ip4/127.0.0.1/tcp/0";

    private TransportTestSupport() {
    }

    /** A {@link TransportConfig} with the OCD defaults, overridden by {@code values} (keys as in a .cfg file). */
    static TransportConfig config(Map<String, Object> values) {
        return (TransportConfig) Proxy.newProxyInstance(TransportConfig.class.getClassLoader(),
                new Class<?>[] {TransportConfig.class}, (proxy, method, args) -> {
                    String key = method.getName().replace("__", "\u0000").replace('_', '.').replace('\u0000', '_');
                    if (values.containsKey(key)) {
                        return values.get(key);
                    }
                    if (method.getDefaultValue() != null) {
                        return method.getDefaultValue();
                    }
                    return switch (method.getName()) {
                        case "toString" -> "TransportConfig" + values;
                        case "hashCode" -> values.hashCode();
                        case "equals" -> proxy == args[0];
                        case "annotationType" -> TransportConfig.class;
                        default -> throw new IllegalStateException(method.getName());
                    };
                });
    }

    /** A config listening on 127.0.0.1 (port picked by the system), with {@code overrides}. */
    static TransportConfig loopback(Object... overrides) {
        Map<String, Object> values = new HashMap<>();
        values.put("listen_addresses", new String[] {LOOPBACK});
        for (int i = 0; i < overrides.length; i += 2) {
            values.put((String) overrides[i], overrides[i + 1]);
        }
        return config(values);
    }

    /** Records what a component publishes, and when it withdraws it. */
    public static final class Published implements TransportComponent.Publisher {
        final List<ApiHost> hosts = new CopyOnWriteArrayList<>();
        final List<ApiHost> withdrawn = new CopyOnWriteArrayList<>();

        @Override
        public Runnable publish(ApiHost host) {
            hosts.add(host);
            return () -> withdrawn.add(host);
        }
    }

    /** A component on 127.0.0.1 for {@code peer}. */
    public static TransportComponent start(LocalPeer peer, Published published, Object... overrides) throws Exception {
        return new TransportComponent(published, peer, loopback(overrides));
    }

    /** The {@link ApiHost} {@code component} published (for tests outside this package). */
    public static ApiHost host(TransportComponent component) {
        return component.host();
    }

    /** Deactivates {@code component} as DS would (for tests outside this package). */
    public static void stop(TransportComponent component) {
        component.deactivate();
    }

    /** Threads of the transport still alive. */
    static List<String> transportThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith("olocus-transport")).toList();
    }

    public static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for: " + what);
            }
            Thread.sleep(10);
        }
    }
}
