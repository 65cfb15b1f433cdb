package org.olocus.discovery.coordinator.internal;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.olocus.discovery.support.internal.NamedThreadFactory;
import org.olocus.discovery.support.internal.Shutdown;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the node's {@code etc/<pid>.cfg} files against the metatype of the component that owns each PID, so an
 * operator learns which file and key is wrong (a key no component knows, a value of the wrong type, a file that
 * does not parse). Components keep their last good values themselves; this says where to look. Runs only when
 * the framework property {@code olocus.home} is set and {@code <olocus.home>/etc} exists (the distribution);
 * findings go to the log once per change of the file and to {@code discovery:status}.
 */
@Component(service = ConfigFileAudit.class, immediate = true)
public final class ConfigFileAudit {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigFileAudit.class);
    private static final long PERIOD_SECONDS = 2;

    private final BundleContext context;
    private final Path etc;
    private final ScheduledExecutorService timer;
    private final Map<Path, FileTime> seen = new HashMap<>();
    private String seenBundles = "";
    private volatile List<String> problems = List.of();
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile MetaTypeService metaType;

    @Activate
    public ConfigFileAudit(BundleContext context) {
        this.context = context;
        String home = context.getProperty("olocus.home");
        this.etc = home == null || home.isBlank() ? null : Path.of(home, "etc");
        this.timer = Executors.newSingleThreadScheduledExecutor(new NamedThreadFactory("coordinator-config-audit"));
        if (etc != null) {
            timer.scheduleWithFixedDelay(this::audit, 0, PERIOD_SECONDS, TimeUnit.SECONDS);
        }
    }

    @Deactivate
    void deactivate() {
        Shutdown.now(timer, "coordinator-config-audit", Duration.ofSeconds(5));
    }

    /** The problems found at the last check, one line each, naming the file and key. */
    List<String> problems() {
        return problems;
    }

    private void audit() {
        if (!Files.isDirectory(etc)) {
            problems = List.of(); // a container such as Karaf keeps its configuration elsewhere
            return;
        }
        try (Stream<Path> files = Files.list(etc)) {
            List<Path> cfgs = files.filter(f -> f.getFileName().toString().endsWith(".cfg")).sorted().toList();
            Map<Path, FileTime> now = new HashMap<>();
            for (Path file : cfgs) {
                now.put(file, Files.getLastModifiedTime(file));
            }
            // Parse again only when a file changed, or bundles came, went or changed (they bring the metatype).
            String bundles = bundlesStamp();
            boolean changed = !now.equals(seen);
            if (!changed && bundles.equals(seenBundles)) {
                return;
            }
            seen.clear();
            seen.putAll(now);
            seenBundles = bundles;
            List<String> found = new ArrayList<>();
            for (Path file : cfgs) {
                found.addAll(check(file));
            }
            if (changed && !found.equals(problems)) {
                found.forEach(p -> LOG.error("Configuration problem: {}", p));
            }
            problems = List.copyOf(found);
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not check {}: {}", etc, e.toString());
        }
    }

    /** Which bundles are there, in which state and version: what the metatype answers depend on. */
    private String bundlesStamp() {
        StringBuilder sb = new StringBuilder();
        for (Bundle b : context.getBundles()) {
            sb.append(b.getBundleId()).append(':').append(b.getState()).append(':').append(b.getLastModified())
                    .append(' ');
        }
        MetaTypeService service = metaType;
        return sb.append(service == null ? "no metatype" : "metatype").toString();
    }

    List<String> check(Path file) {
        String name = etc.relativize(file).toString();
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            properties.load(in);
        } catch (IOException | IllegalArgumentException e) {
            return List.of("etc/" + name + ": cannot be parsed: " + e.getMessage());
        }
        ObjectClassDefinition ocd = definitionFor(pidOf(file.getFileName().toString()));
        if (ocd == null) {
            return List.of();
        }
        Map<String, AttributeDefinition> attributes = new HashMap<>();
        for (AttributeDefinition ad : ocd.getAttributeDefinitions(ObjectClassDefinition.ALL)) {
            attributes.put(ad.getID(), ad);
        }
        List<String> out = new ArrayList<>();
        for (String key : properties.stringPropertyNames().stream().sorted().toList()) {
            AttributeDefinition ad = attributes.get(key);
            if (ad == null) {
                if (!key.startsWith("service.") && !key.startsWith("felix.") && !key.startsWith("component.")) {
                    out.add("etc/" + name + ": unknown key '" + key + "' (known: " + attributes.keySet().stream()
                            .sorted().toList() + ")");
                }
                continue;
            }
            String value = properties.getProperty(key).trim();
            String error = ad.getCardinality() == 0 ? ad.validate(value) : null;
            if (error != null && !error.isEmpty()) {
                out.add("etc/" + name + ": " + key + " = '" + value + "': " + error);
            }
        }
        return out;
    }

    private ObjectClassDefinition definitionFor(String pid) {
        MetaTypeService service = metaType;
        if (service == null) {
            return null;
        }
        for (Bundle bundle : context.getBundles()) {
            MetaTypeInformation info = service.getMetaTypeInformation(bundle);
            if (info == null) {
                continue;
            }
            if (List.of(info.getPids()).contains(pid) || List.of(info.getFactoryPids()).contains(pid)) {
                return info.getObjectClassDefinition(pid, null);
            }
        }
        return null;
    }

    /** {@code <pid>.cfg}, or {@code <factory pid>-<name>.cfg} as FileInstall names factory configurations. */
    static String pidOf(String fileName) {
        String base = fileName.substring(0, fileName.length() - ".cfg".length());
        int dash = base.indexOf('-');
        return dash < 0 ? base : base.substring(0, dash);
    }
}
