package org.olocus.discovery.launcher;

import java.nio.file.Path;

/** Another live process holds the home's lock: a node runs there (or is starting, or is stopping). */
final class HomeInUseException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String pid;

    HomeInUseException(Path home, String pid) {
        super("the home " + home + " is in use by the node with pid " + pid);
        this.pid = pid;
    }

    /** The holder's pid, or {@code unknown}. */
    String pid() {
        return pid;
    }
}
