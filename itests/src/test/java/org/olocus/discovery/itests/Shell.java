package org.olocus.discovery.itests;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.osgi.framework.BundleContext;

/**
 * A Gogo session as an operator would use it: commands go through the {@link CommandProcessor}, their return
 * values come back as objects, and the coordinator's status records are read by reflection.
 */
public final class Shell implements AutoCloseable {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final CommandSession session;

    public Shell(BundleContext context) {
        CommandProcessor processor = Osgi.service(context, CommandProcessor.class);
        session = processor.createSession(new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    /** Runs one command line and returns what the command returned. */
    public Object run(String commandLine) throws Exception {
        return session.execute(commandLine);
    }

    /** Runs a command that must succeed; a failure becomes an AssertionError naming the command. */
    public Object ok(String commandLine) {
        try {
            return session.execute(commandLine);
        } catch (Exception e) {
            throw new AssertionError("'" + commandLine + "' failed: " + e, e);
        }
    }

    /** The exception a command that must fail throws. */
    public Exception failure(String commandLine) {
        try {
            Object result = session.execute(commandLine);
            throw new AssertionError("'" + commandLine + "' should have failed but returned " + result);
        } catch (Exception e) {
            return e;
        }
    }

    /** {@code discovery:status}: the coordinator's status record. */
    public Object status() {
        return ok("discovery:status");
    }

    /** One component of the status' current settings ({@code discoveryInterval}, {@code queryTimeout}, …). */
    public Object setting(String accessor) {
        return Osgi.get(Osgi.get(status(), "settings"), accessor);
    }

    /** The status record of the mechanism called {@code name}, or null when the coordinator does not run it. */
    public Object mechanism(String name) {
        for (Object m : (List<?>) ok("discovery:mechanisms")) {
            if (name.equals(Osgi.get(m, "name"))) {
                return m;
            }
        }
        return null;
    }

    /** A numeric counter ({@code rounds}, {@code timeouts}, {@code failures}, …) of a running mechanism. */
    public long counter(String mechanism, String counter) {
        Object m = mechanism(mechanism);
        if (m == null) {
            throw new AssertionError("the coordinator does not run a mechanism " + mechanism);
        }
        return ((Number) Osgi.get(m, counter)).longValue();
    }

    /** {@code discovery:discover}: peers stored per mechanism in a round run now. */
    @SuppressWarnings("unchecked")
    public Map<String, Integer> discover() {
        return (Map<String, Integer>) ok("discovery:discover");
    }

    /** What the session printed so far (Gogo prints nothing for values returned to a script). */
    public String output() {
        return out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        session.close();
    }
}
