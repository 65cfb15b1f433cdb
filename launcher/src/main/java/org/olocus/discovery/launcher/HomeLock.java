package org.olocus.discovery.launcher;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The lock that makes a home one node's: {@code data/node.lock}, locked with {@link FileChannel#tryLock()} and
 * holding the owner's pid as text. The OS drops the lock when the process ends, even on {@code kill -9}, so a lock
 * that is held always belongs to a live process; the file itself is never deleted (a deleted lock file would let
 * two processes lock two different files of the same name).
 *
 * <p>POSIX drops every lock a process holds on a file when any of its descriptors of that file is closed, so the
 * holder never opens the file a second time: it reads and writes only through the channel it locked, and a
 * second {@link #take} in the same JVM is answered from {@link #HELD} without opening the file.
 */
final class HomeLock implements AutoCloseable {
    static final String FILE = "node.lock";
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private HomeLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock of the home whose data directory is {@code data}, or says which process holds it. */
    static HomeLock take(Path data) throws IOException, HomeInUseException {
        Path file = data.toRealPath().resolve(FILE);
        if (!HELD.add(file)) {
            throw new HomeInUseException(data.getParent(), Long.toString(ProcessHandle.current().pid()));
        }
        try {
            return lock(file, data);
        } catch (IOException | HomeInUseException | RuntimeException e) {
            HELD.remove(file);
            throw e;
        }
    }

    private static HomeLock lock(Path file, Path data) throws IOException, HomeInUseException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            FileLock lock = tryLock(channel);
            if (lock == null) {
                throw new HomeInUseException(data.getParent(), holderPid(channel));
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)),
                    0);
            channel.force(false);
            return new HomeLock(file, channel, lock);
        } catch (IOException | HomeInUseException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null; // this very JVM holds it
        }
    }

    /** The pid the holder wrote; it writes it just after locking, so an empty file is given a moment. */
    private static String holderPid(FileChannel channel) throws IOException {
        for (int attempt = 0; attempt < 20; attempt++) {
            ByteBuffer buffer = ByteBuffer.allocate(32);
            int n = channel.read(buffer, 0);
            String pid = n <= 0 ? "" : new String(buffer.array(), 0, n, StandardCharsets.US_ASCII).trim();
            if (pid.matches("\\d+")) {
                return pid;
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return "unknown";
    }

    /** Releases the lock; the node it guarded must have stopped. */
    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
            HELD.remove(file);
        }
    }
}
