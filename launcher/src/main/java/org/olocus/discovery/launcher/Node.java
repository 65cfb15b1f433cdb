package org.olocus.discovery.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.startlevel.BundleStartLevel;

/**
 * One running Felix: framework services from {@code bundle/} at start level 1; FileInstall, one of them, applies
 * the {@code etc/} configurations and installs the bundles in {@code deploy/}.
 */
final class Node {
    private static final String COORDINATOR = "org.olocus.discovery.coordinator.internal.Coordinator";
    private static final String LOCAL_PEER = "org.olocus.discovery.api.LocalPeer";
    private static final String CONSOLE = "org.olocus.discovery.console";

    private final Framework framework;
    private final Options options;

    private Node(Framework framework, Options options) {
        this.framework = framework;
        this.options = options;
    }

    /** Starts the framework; the console bundle is told to serve {@code controlSocket}. */
    static Node start(Options options, boolean interactive, Path controlSocket) throws IOException, BundleException {
        Map<String, String> variables = new HashMap<>();
        variables.put("olocus.home", options.home().toString());
        variables.put("olocus.install", options.install().toString());
        variables.put("olocus.data", options.home().resolve("data").toString());
        variables.put(ControlSocketPath.PROPERTY, controlSocket.toString());
        Map<String, String> properties = FrameworkProperties.load(
                options.install().resolve("conf/config.properties"), variables);
        // The launcher prepared this socket's directory and publishes this path: config.properties cannot move it.
        properties.put(ControlSocketPath.PROPERTY, controlSocket.toString());
        if (!interactive) {
            properties.put("gosh.args", "--nointeractive");
        }
        // Bundles that log through SLF4J or java.util.logging read these as system properties.
        properties.forEach((k, v) -> {
            if (k.startsWith("olocus.")) {
                System.setProperty(k, v);
            }
        });
        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class).findFirst()
                .orElseThrow(() -> new IllegalStateException("no OSGi framework on the class path (bin/felix.jar)"));
        Framework framework = factory.newFramework(properties);
        framework.init();
        BundleContext context = framework.getBundleContext();
        // deploy/ is left to FileInstall: bundles installed behind its back would be updated again by its first scan.
        install(context, options.install().resolve("bundle"), 1);
        framework.start();
        return new Node(framework, options);
    }

    private static void install(BundleContext context, Path dir, int startLevel) throws IOException, BundleException {
        List<Path> jars;
        try (Stream<Path> files = Files.list(dir)) {
            jars = files.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
        }
        List<Bundle> installed = new java.util.ArrayList<>();
        for (Path jar : jars) {
            String location = jar.toFile().toURI().toString();
            Bundle b = context.getBundle(location);
            if (b == null) {
                b = context.installBundle(location);
            }
            b.adapt(BundleStartLevel.class).setStartLevel(startLevel);
            installed.add(b);
        }
        for (Bundle b : installed) {
            if (b.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                b.start();
            }
        }
    }

    /**
     * Waits until every bundle in {@code deploy/} is active with all its components up (see
     * {@link DeclarativeServices}) and the coordinator is registered (so its identity, store and commands are up);
     * returns our peer id.
     */
    String awaitReady(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            String id = readyPeerId();
            if (id != null) {
                return id;
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException("the node was not ready within " + limit.toSeconds() + " s: "
                + notReadyReason());
    }

    private String readyPeerId() {
        BundleContext context = framework.getBundleContext();
        if (context == null || !inactiveDeployed(context).isEmpty()
                || !DeclarativeServices.notUp(context, deployedBundles(context)).isEmpty()) {
            return null;
        }
        ServiceReference<?> coordinator = context.getServiceReference(COORDINATOR);
        ServiceReference<?> localPeer = context.getServiceReference(LOCAL_PEER);
        if (coordinator == null || localPeer == null) {
            return null;
        }
        Object peer = context.getService(localPeer);
        try {
            // The api classes live in a bundle; ask by reflection rather than share a class space with it.
            return String.valueOf(peer.getClass().getMethod("peerId").invoke(peer));
        } catch (ReflectiveOperationException e) {
            return "unknown";
        } finally {
            context.ungetService(localPeer);
        }
    }

    /** The jars in deploy/ not installed and active yet, by location. */
    private Set<String> inactiveDeployed(BundleContext context) {
        Set<String> expected = new HashSet<>(deployedLocations());
        deployedBundles(context).stream().filter(b -> b.getState() == Bundle.ACTIVE).map(Bundle::getLocation)
                .forEach(expected::remove);
        return expected;
    }

    private List<Bundle> deployedBundles(BundleContext context) {
        Set<String> expected = deployedLocations();
        return Stream.of(context.getBundles()).filter(b -> expected.contains(b.getLocation())).toList();
    }

    private Set<String> deployedLocations() {
        try (Stream<Path> files = Files.list(options.home().resolve("deploy"))) {
            return files.filter(p -> p.toString().endsWith(".jar")).map(p -> p.toFile().toURI().toString())
                    .collect(Collectors.toSet());
        } catch (IOException e) {
            return Set.of();
        }
    }

    private String notReadyReason() {
        BundleContext context = framework.getBundleContext();
        String inactive = deployedBundles(context).stream().filter(b -> b.getState() != Bundle.ACTIVE)
                .map(b -> b.getSymbolicName() + " " + stateName(b.getState())).collect(Collectors.joining(", "));
        if (!inactive.isEmpty()) {
            return "bundles not active: " + inactive;
        }
        Set<String> notInstalled = inactiveDeployed(context);
        if (!notInstalled.isEmpty()) {
            return "deploy/ jars not installed by FileInstall: " + notInstalled.stream()
                    .map(l -> l.substring(l.lastIndexOf('/') + 1)).sorted().collect(Collectors.joining(", "));
        }
        List<String> components = DeclarativeServices.notUp(context, deployedBundles(context));
        return components.isEmpty() ? "the coordinator is not registered (see data/log/olocus.log)"
                : "components not up: " + String.join(", ", components);
    }

    /** Stops the framework and waits for it, at most {@code limit}; returns whether it has stopped. */
    boolean stop(Duration limit) {
        stopConsole();
        try {
            framework.stop();
            return framework.waitForStop(limit.toMillis()).getType() != FrameworkEvent.WAIT_TIMEDOUT;
        } catch (BundleException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * The console goes first: it answers the scripts already sent to it while every other bundle is still up (the
     * framework stops bundles in an order of its own, the transport could go before the console).
     */
    private void stopConsole() {
        BundleContext context = framework.getBundleContext();
        if (context == null) {
            return;
        }
        for (Bundle b : context.getBundles()) {
            if (CONSOLE.equals(b.getSymbolicName()) && b.getState() == Bundle.ACTIVE) {
                try {
                    b.stop(Bundle.STOP_TRANSIENT);
                } catch (BundleException | IllegalStateException e) {
                    // the framework stop that follows stops it anyway
                }
            }
        }
    }

    /** Blocks until the framework stops (from the shell's {@code stop 0} or a signal). */
    void waitForStop() throws InterruptedException {
        framework.waitForStop(0);
    }

    private static String stateName(int state) {
        return switch (state) {
            case Bundle.INSTALLED -> "INSTALLED (unresolved)";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            default -> "state " + state;
        };
    }
}
