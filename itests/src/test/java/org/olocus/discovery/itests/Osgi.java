package org.olocus.discovery.itests;

import java.io.IOException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.olocus.discovery.api.PeerStore;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;

/** Small helpers over the framework, ConfigAdmin and reflection, for use inside the probe. */
public final class Osgi {
    /** How long a service that should come up may take. */
    public static final Duration SERVICE_TIMEOUT = Duration.ofSeconds(10);
    public static final String COORDINATOR_PID = "org.olocus.discovery.coordinator";
    public static final String PEERSTORE_PID = "org.olocus.discovery.peerstore";
    public static final String PEERSTORE_EXTRA_PID = "org.olocus.discovery.peerstore.extra";
    /** The coordinator's component service (an internal class: looked up by name, used by reflection). */
    public static final String COORDINATOR_CLASS = "org.olocus.discovery.coordinator.internal.Coordinator";

    private Osgi() {
    }

    /** Waits for a service of {@code type}; the highest ranked when there are several. */
    public static <T> T service(BundleContext context, Class<T> type) {
        ServiceTracker<T, T> tracker = new ServiceTracker<>(context, type, null);
        tracker.open();
        try {
            T service = tracker.waitForService(SERVICE_TIMEOUT.toMillis());
            if (service == null) {
                throw new AssertionError("no " + type.getName() + " service within " + SERVICE_TIMEOUT.toSeconds()
                        + " s");
            }
            return context.getService(context.getServiceReference(type));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } finally {
            tracker.close();
        }
    }

    /** The references to {@code className} services matching {@code filter}, best ranked first. */
    public static List<ServiceReference<?>> references(BundleContext context, String className, String filter) {
        try {
            ServiceReference<?>[] refs = context.getServiceReferences(className, filter);
            return refs == null ? List.of()
                    : Arrays.stream(refs).sorted((a, b) -> b.compareTo(a)).collect(Collectors.toList());
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Waits until exactly one {@code className} service matches {@code filter} and returns its reference. */
    public static ServiceReference<?> awaitReference(BundleContext context, String className, String filter) {
        return Await.until("one " + (className == null ? "" : className + " ") + "service " + filter,
                SERVICE_TIMEOUT, () -> references(context, className, filter), l -> l.size() == 1).value().get(0);
    }

    /** The service id of the one registered coordinator component, waiting for it to be there. */
    public static long coordinatorServiceId(BundleContext context) {
        return (Long) awaitReference(context, COORDINATOR_CLASS, null).getProperty("service.id");
    }

    /** The highest-ranked {@link PeerStore}, the one the coordinator writes to. */
    public static PeerStore bestStore(BundleContext context) {
        ServiceReference<PeerStore> ref = context.getServiceReference(PeerStore.class);
        if (ref == null) {
            throw new AssertionError("no PeerStore service");
        }
        return context.getService(ref);
    }

    /** The bundle with symbolic name {@code bsn}. */
    public static Bundle bundle(BundleContext context, String bsn) {
        return Arrays.stream(context.getBundles()).filter(b -> bsn.equals(b.getSymbolicName())).findFirst()
                .orElseThrow(() -> new AssertionError("no bundle " + bsn + " installed"));
    }

    /**
     * Sets (merges) properties of a singleton configuration, with location {@code ?} so that SCR in any bundle
     * receives it (a configuration bound to the probe bundle would never reach our components).
     */
    public static Configuration configure(ConfigurationAdmin admin, String pid, Map<String, ?> values) {
        try {
            Configuration c = admin.getConfiguration(pid, "?");
            Dictionary<String, Object> props = c.getProperties() == null ? new Hashtable<>() : c.getProperties();
            values.forEach(props::put);
            c.update(props);
            return c;
        } catch (IOException e) {
            throw new AssertionError("cannot update configuration " + pid, e);
        }
    }

    /** Creates or replaces the factory configuration {@code factoryPid~name}. */
    public static Configuration factoryConfigure(ConfigurationAdmin admin, String factoryPid, String name,
                                                 Map<String, ?> values) {
        try {
            Configuration c = admin.getFactoryConfiguration(factoryPid, name, "?");
            c.update(new Hashtable<>(values));
            return c;
        } catch (IOException e) {
            throw new AssertionError("cannot create configuration " + factoryPid + "~" + name, e);
        }
    }

    /** Calls the public no-argument method {@code accessor} (a record component) of an object of a hidden class. */
    public static Object get(Object target, String accessor) {
        try {
            Method m = target.getClass().getMethod(accessor);
            m.setAccessible(true);
            return m.invoke(target);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("cannot read " + accessor + " of " + target.getClass().getName(), e);
        }
    }

    /** How many live threads bear each name that starts with {@code prefix}, by name. */
    public static Map<String, Long> threads(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith(prefix))
                .collect(Collectors.groupingBy(n -> n, TreeMap::new, Collectors.counting()));
    }
}
