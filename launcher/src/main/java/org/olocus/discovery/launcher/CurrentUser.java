package org.olocus.discovery.launcher;

import com.sun.security.auth.module.UnixSystem;

/** The uid this process runs as: it names the runtime directory and must own it. */
final class CurrentUser {
    private CurrentUser() {
    }

    static long uid() {
        return new UnixSystem().getUid();
    }
}
