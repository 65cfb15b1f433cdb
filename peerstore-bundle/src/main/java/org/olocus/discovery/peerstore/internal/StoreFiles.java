package org.olocus.discovery.peerstore.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;

/**
 * Opening the MVStore file, telling a corrupt file from one that is merely unusable right now, and moving a
 * corrupt file aside. A corrupt file is never deleted: it is renamed to {@code <path>.corrupt-<yyyyMMdd-HHmmss>}
 * (with {@code -2}, {@code -3}… when that name is taken) for an operator to inspect or recover.
 */
final class StoreFiles {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private StoreFiles() {
    }

    /** Creates the parent directories and refuses paths that cannot hold a store (a directory, no access). */
    static void prepare(Path file) {
        try {
            Path parent = file.getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the directory of peer store " + file + ": " + e, e);
        }
        if (Files.isDirectory(file)) {
            throw new IllegalStateException("peer store path " + file + " is a directory");
        }
        if (Files.exists(file) && !(Files.isReadable(file) && Files.isWritable(file))) {
            throw new IllegalStateException("peer store file " + file + " is not readable and writable");
        }
    }

    /**
     * Opens the store. Old chunks are reused at once (retention time 0): the default 45 s keeps every chunk of
     * every commit for 45 s, which with one commit per add grows the file by megabytes a second. Crash safety
     * does not need the retention because each commit is synced before it returns (see
     * {@link PersistentPeerStore}).
     */
    static MVStore open(Path file, StoreProblems problems) {
        MVStore store = new MVStore.Builder().fileName(file.toString())
                .backgroundExceptionHandler((thread, e) -> problems.add("background write of " + file
                        + " failed: " + e))
                .open();
        store.setRetentionTime(0);
        return store;
    }

    /**
     * Whether a failure to open or read the file means its content is damaged, as opposed to the file being
     * locked by another process or the disk refusing writes, which moving the file would not cure.
     */
    static boolean isCorruption(RuntimeException e) {
        if (e instanceof MVStoreException m) {
            int code = m.getErrorCode();
            return code != DataUtils.ERROR_FILE_LOCKED && code != DataUtils.ERROR_WRITING_FAILED
                    && code != DataUtils.ERROR_CLOSED;
        }
        // Damaged pages also surface as buffer underflows, bad casts and the like from the page readers.
        return true;
    }

    /** Renames {@code file} to a free {@code .corrupt-<stamp>} name beside it and returns that name. */
    static Path moveAside(Path file) {
        String base = file.getFileName() + ".corrupt-" + LocalDateTime.now().format(STAMP);
        for (int attempt = 1; ; attempt++) {
            Path aside = file.resolveSibling(attempt == 1 ? base : base + "-" + attempt);
            try {
                return Files.move(file, aside);
            } catch (FileAlreadyExistsException e) {
                // taken by an earlier corrupt file in the same second: try the next suffix
            } catch (IOException e) {
                throw new UncheckedIOException("peer store file " + file + " is corrupt and could not be moved to "
                        + aside + ": " + e, e);
            }
        }
    }

    static void closeQuietly(MVStore store) {
        if (store != null && !store.isClosed()) {
            try {
                store.closeImmediately();
            } catch (RuntimeException ignored) {
                // already failing; the first error is the one reported
            }
        }
    }
}
