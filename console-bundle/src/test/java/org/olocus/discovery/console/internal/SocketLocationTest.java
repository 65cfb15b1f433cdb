package org.olocus.discovery.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;

class SocketLocationTest {
    @Test
    void theLaunchersPathIsTakenAsItIs() throws Exception {
        assertEquals(Path.of("/tmp/olocus-0/0123456789abcdef.sock"), SocketLocation.of(context(Map.of(
                "olocus.control.socket", "/tmp/olocus-0/0123456789abcdef.sock", "olocus.data", "/srv/n1/data"))));
    }

    @Test
    void withoutItTheSocketGoesToAPrivateDirectoryInTheDataDir(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        Path socket = SocketLocation.of(context(Map.of("olocus.data", data.toString())));
        assertEquals(data.resolve("control/control.sock"), socket);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket.getParent())));

        assertEquals(dir.resolve("karaf/olocus/control/control.sock"),
                SocketLocation.of(context(Map.of("karaf.data", dir.resolve("karaf").toString()))));
        assertEquals(dir.resolve("home/data/control/control.sock"),
                SocketLocation.of(context(Map.of("olocus.home", dir.resolve("home").toString()))));
    }

    private static BundleContext context(Map<String, String> properties) {
        return (BundleContext) Proxy.newProxyInstance(SocketLocationTest.class.getClassLoader(),
                new Class<?>[] {BundleContext.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getProperty")) {
                        return properties.get((String) args[0]);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
