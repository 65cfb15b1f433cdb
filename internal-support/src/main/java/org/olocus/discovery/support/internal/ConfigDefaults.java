package org.olocus.discovery.support.internal;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * An instance of a configuration annotation (a metatype {@code @ObjectClassDefinition}) whose every method returns
 * its declared default, so the defaults are written once, in the annotation.
 */
public final class ConfigDefaults {
    private ConfigDefaults() {
    }

    /** {@code type} with its defaults; a method without a default throws {@link IllegalStateException}. */
    public static <A> A of(Class<A> type) {
        if (!type.isAnnotation()) {
            throw new IllegalArgumentException(type + " is not an annotation type");
        }
        Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (self, method, args) -> invoke(type, self, method, args));
        return type.cast(proxy);
    }

    private static Object invoke(Class<?> type, Object self, Method method, Object[] args) {
        switch (method.getName()) {
            case "annotationType":
                return type;
            case "toString":
                return "@" + type.getName() + "(defaults)";
            case "hashCode":
                return System.identityHashCode(self);
            case "equals":
                return self == args[0];
            default:
                Object value = method.getDefaultValue();
                if (value == null) {
                    throw new IllegalStateException(type.getName() + "." + method.getName() + " has no default");
                }
                return value instanceof Object[] array ? array.clone() : value;
        }
    }
}
