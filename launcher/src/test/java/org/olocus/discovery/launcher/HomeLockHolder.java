package org.olocus.discovery.launcher;

import java.nio.file.Path;

/** Run by {@link HomeLockTest} in a child JVM: takes the lock of the data directory in args[0] and keeps it. */
public final class HomeLockHolder {
    private HomeLockHolder() {
    }

    public static void main(String[] args) throws Exception {
        HomeLock lock = HomeLock.take(Path.of(args[0]));
        System.out.println("locked");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
        lock.close();
    }
}
