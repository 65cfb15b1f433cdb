package org.olocus.discovery.launcher;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * Whether Declarative Services has brought up every component of some bundles. A bundle turns ACTIVE before SCR
 * has read its components and activated them, so "every bundle active" alone let {@code --exec} in before the
 * {@code net:} commands existed. Up means: SCR has read the bundle's components; each one enabled by default
 * has its configurations (none needed when its configuration policy is {@code require}); an immediate component
 * is ACTIVE, a delayed one has its service registered (SCR says SATISFIED just before it registers it). Factory components are skipped. "Enabled
 * by default", not "enabled now": SCR enables a bundle's components one after the other, so one not reached yet
 * reads as disabled.
 *
 * <p>Read through {@code ServiceComponentRuntime} by reflection: its classes live in a bundle, not on the
 * launcher's class path.
 */
final class DeclarativeServices {
    private static final String RUNTIME = "org.osgi.service.component.runtime.ServiceComponentRuntime";
    private static final int SATISFIED = 4;
    private static final int ACTIVE = 8;

    private DeclarativeServices() {
    }

    /** What is not up among the components of {@code bundles}, one entry each; empty when all are. */
    static List<String> notUp(BundleContext context, Collection<Bundle> bundles) {
        List<Bundle> withComponents = bundles.stream()
                .filter(b -> b.getHeaders().get("Service-Component") != null).toList();
        if (withComponents.isEmpty()) {
            return List.of();
        }
        ServiceReference<?> reference = context.getServiceReference(RUNTIME);
        if (reference == null) {
            return List.of("Declarative Services (SCR) is not running");
        }
        Object runtime = context.getService(reference);
        try {
            Class<?> api = runtime.getClass().getClassLoader().loadClass(RUNTIME);
            List<String> notUp = new ArrayList<>();
            for (Bundle bundle : withComponents) {
                notUp.addAll(notUp(context, runtime, api, bundle));
            }
            return notUp;
        } catch (ReflectiveOperationException e) {
            return List.of("Declarative Services cannot be asked: " + e);
        } finally {
            context.ungetService(reference);
        }
    }

    private static List<String> notUp(BundleContext context, Object runtime, Class<?> api, Bundle bundle)
            throws ReflectiveOperationException {
        Collection<?> descriptions = (Collection<?>) api.getMethod("getComponentDescriptionDTOs", Bundle[].class)
                .invoke(runtime, (Object) new Bundle[] {bundle});
        if (descriptions.isEmpty()) {
            return List.of(bundle.getSymbolicName() + ": components not read yet");
        }
        Class<?> descriptionType = descriptions.iterator().next().getClass();
        Method configurations = api.getMethod("getComponentConfigurationDTOs", descriptionType);
        List<String> notUp = new ArrayList<>();
        for (Object description : descriptions) {
            String name = (String) field(description, "name");
            if (field(description, "factory") != null || !(Boolean) field(description, "defaultEnabled")) {
                continue;
            }
            boolean immediate = (Boolean) field(description, "immediate");
            Collection<?> instances = (Collection<?>) configurations.invoke(runtime, description);
            if (instances.isEmpty() && !"require".equals(field(description, "configurationPolicy"))) {
                notUp.add(name + " not created yet");
            }
            for (Object instance : instances) {
                int state = (Integer) field(instance, "state");
                boolean up = immediate ? state == ACTIVE
                        : (state == ACTIVE || state == SATISFIED) && registered(context, field(instance, "id"));
                if (!up) {
                    notUp.add(name + " " + (state == SATISFIED ? "SATISFIED (service not registered yet)"
                            : stateName(state)));
                }
            }
        }
        return notUp;
    }

    private static boolean registered(BundleContext context, Object componentId) {
        try {
            return context.getServiceReferences((String) null, "(component.id=" + componentId + ")") != null;
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object field(Object dto, String name) throws ReflectiveOperationException {
        return dto.getClass().getField(name).get(dto);
    }

    private static String stateName(int state) {
        return switch (state) {
            case 1 -> "UNSATISFIED_CONFIGURATION";
            case 2 -> "UNSATISFIED_REFERENCE";
            case SATISFIED -> "SATISFIED (not activated yet)";
            case 16 -> "FAILED_ACTIVATION (see data/log/olocus.log)";
            default -> "state " + state;
        };
    }
}
