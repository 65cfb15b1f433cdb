package org.olocus.discovery.support.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ConfigDefaultsTest {
    @interface Sample {
        long timeout() default 5;

        String name() default "olocus";

        String[] domains() default {"a", "b"};

        boolean on() default true;
    }

    @interface NoDefault {
        String required();
    }

    @Test
    void everyMethodReturnsItsDefault() {
        Sample s = ConfigDefaults.of(Sample.class);
        assertEquals(5, s.timeout());
        assertEquals("olocus", s.name());
        assertArrayEquals(new String[] {"a", "b"}, s.domains());
        assertEquals(true, s.on());
        assertEquals(Sample.class, ((java.lang.annotation.Annotation) s).annotationType());
    }

    @Test
    void arraysAreCopies() {
        Sample s = ConfigDefaults.of(Sample.class);
        s.domains()[0] = "changed";
        assertEquals("a", s.domains()[0]);
    }

    @Test
    void aMethodWithoutDefaultThrows() {
        NoDefault n = ConfigDefaults.of(NoDefault.class);
        assertThrows(IllegalStateException.class, n::required);
        assertThrows(IllegalArgumentException.class, () -> ConfigDefaults.of(Runnable.class));
    }
}
