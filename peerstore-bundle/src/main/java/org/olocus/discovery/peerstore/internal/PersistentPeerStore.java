package org.olocus.discovery.peerstore.internal;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.type.ByteArrayDataType;
import org.olocus.discovery.api.ConnectionDirection;
import org.olocus.discovery.api.ConnectionStatus;
import org.olocus.discovery.api.DiscoveryException;
import org.olocus.discovery.api.Multiaddr;
import org.olocus.discovery.api.PeerId;
import org.olocus.discovery.api.PeerInfo;
import org.olocus.discovery.api.PeerLimits;
import org.olocus.discovery.api.StoreUpdate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link org.olocus.discovery.api.PeerStore} kept in an H2 MVStore file: a {@link MemoryPeerStore} answers
 * every read and enforces every rule, and this class writes each of its changes through to an
 * {@code MVMap<peer id bytes, PeerInfoCodec record>} before the change becomes visible.
 *
 * <p>Durability: {@link #add}, {@link #remove}, {@link #markSeen} and {@link #setLimits} return only after their
 * change is committed and synced to the disk, so neither a killed process nor a power cut loses what returned.
 * {@link #addAll} commits once for the whole batch.
 *
 * <p>Opening loads every record into memory. A record that does not decode is skipped, counted and reported by
 * {@link #describe()} (it stays in the file). Connections do not survive a restart, so peers stored as connected
 * are loaded as disconnected. A file MVStore finds corrupt is moved aside (see {@link StoreFiles}), the problem is
 * logged and reported, and the store starts empty at the same path.
 */
public final class PersistentPeerStore implements PeerStoreBackend {
    private static final Logger LOG = LoggerFactory.getLogger(PersistentPeerStore.class);
    private static final String MAP_NAME = "peers";
    private static final int REPORTED_BAD_RECORDS = 5;

    /** A disk write that failed; the in-memory view is unchanged. */
    static final class StoreWriteException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        StoreWriteException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final Path path;
    private final MVStore store;
    private final MVMap<byte[], byte[]> records;
    private final MemoryPeerStore view;
    private final StoreProblems problems;
    private final int skippedRecords;

    private PersistentPeerStore(Path path, MVStore store, MVMap<byte[], byte[]> records, MemoryPeerStore view,
            StoreProblems problems, int skippedRecords) {
        this.path = path;
        this.store = store;
        this.records = records;
        this.view = view;
        this.problems = problems;
        this.skippedRecords = skippedRecords;
    }

    /**
     * Opens (or creates, with its parent directories) the store at {@code path} with {@code limits}, trimming
     * the loaded peers to {@code limits.maxPeers()} by evicting the stalest.
     *
     * @throws IllegalStateException when the file cannot be used and is not corrupt (locked by another process,
     *                               a directory, unwritable); an {@link java.io.UncheckedIOException} when its
     *                               directory cannot be created or a corrupt file cannot be moved aside
     */
    public static PersistentPeerStore open(Path path, PeerLimits limits) {
        Path file = path.toAbsolutePath().normalize();
        StoreFiles.prepare(file);
        StoreProblems problems = new StoreProblems();
        PersistentPeerStore opened;
        try {
            opened = load(file, problems);
        } catch (RuntimeException e) {
            if (!StoreFiles.isCorruption(e)) {
                throw new IllegalStateException("cannot open peer store " + file + ": " + e.getMessage(), e);
            }
            Path aside = StoreFiles.moveAside(file);
            LOG.error("peer store file {} is corrupt ({}); moved it to {} and started an empty store", file, e,
                    aside);
            problems.add("file was corrupt (" + e.getMessage() + "); moved to " + aside + ", started empty");
            opened = load(file, problems);
        }
        try {
            opened.setLimits(limits);
        } catch (RuntimeException e) {
            opened.close();
            throw e;
        }
        LOG.info("peer store {} opened with {} peers{}", file, opened.size(),
                opened.skippedRecords == 0 ? "" : " (" + opened.skippedRecords + " unreadable records skipped)");
        return opened;
    }

    private static PersistentPeerStore load(Path file, StoreProblems problems) {
        MVStore store = null;
        try {
            store = StoreFiles.open(file, problems);
            MVMap<byte[], byte[]> records = store.openMap(MAP_NAME,
                    new MVMap.Builder<byte[], byte[]>().valueType(ByteArrayDataType.INSTANCE));
            MemoryPeerStore view = new MemoryPeerStore(PeerBounds.NO_LIMITS);
            int skipped = 0;
            List<PeerInfo> olderFormat = new ArrayList<>();
            for (Cursor<byte[], byte[]> cursor = records.cursor(null); cursor.hasNext();) {
                byte[] key = cursor.next();
                try {
                    PeerInfo peer = decodeRecord(key, cursor.getValue());
                    view.add(asLoaded(peer));
                    if (PeerInfoCodec.version(cursor.getValue()) != PeerInfoCodec.VERSION) {
                        olderFormat.add(peer);
                    }
                } catch (IllegalArgumentException | DiscoveryException e) {
                    if (++skipped <= REPORTED_BAD_RECORDS) {
                        problems.add("skipped unreadable record: " + e.getMessage());
                    }
                    LOG.warn("peer store {}: skipped unreadable record: {}", file, e.getMessage());
                }
            }
            if (skipped > REPORTED_BAD_RECORDS) {
                problems.add("skipped " + skipped + " unreadable records in all");
            }
            migrate(file, store, records, olderFormat);
            return new PersistentPeerStore(file, store, records, view, problems, skipped);
        } catch (RuntimeException e) {
            StoreFiles.closeQuietly(store);
            throw e;
        }
    }

    /** Rewrites records of an older format in the current one, in one commit, and says so once. */
    private static void migrate(Path file, MVStore store, MVMap<byte[], byte[]> records, List<PeerInfo> peers) {
        if (peers.isEmpty()) {
            return;
        }
        for (PeerInfo peer : peers) {
            records.put(peer.id().toBytes(), PeerInfoCodec.encode(peer));
        }
        store.commit();
        store.sync();
        LOG.info("peer store {}: migrated {} records to format {} (their peers keep everything; none is proven yet)",
                file, peers.size(), PeerInfoCodec.VERSION);
    }

    private static PeerInfo decodeRecord(byte[] key, byte[] value) {
        PeerInfo peer = PeerInfoCodec.decode(value);
        if (!Arrays.equals(key, peer.id().toBytes())) {
            throw new IllegalArgumentException("record of " + peer.id() + " is stored under another key");
        }
        return peer;
    }

    private static PeerInfo asLoaded(PeerInfo peer) {
        return peer.isConnected() ? peer.withStatus(ConnectionStatus.DISCONNECTED, ConnectionDirection.NONE) : peer;
    }

    /** The absolute path of the store file. */
    public Path path() {
        return path;
    }

    @Override
    public StoreUpdate add(PeerInfo peer) throws DiscoveryException {
        try {
            return view.add(peer, this::writeNow);
        } catch (StoreWriteException e) {
            throw new DiscoveryException(DiscoveryException.Kind.STORAGE, e.getMessage(), e.getCause());
        }
    }

    /**
     * Adds every peer as {@link #add} does, skipping those the limits refuse, with one commit for the batch: the
     * way to copy a whole store in. Peers become readable as they are added, durable when this returns.
     *
     * @return how many of {@code peers} were added or changed
     * @throws IllegalStateException when the disk write fails; peers added before the failure stay in memory
     */
    @Override
    public int addAll(Collection<PeerInfo> peers) {
        int stored = view.addAll(peers, this::stage);
        view.exclusive(this::commit);
        return stored;
    }

    /** @throws IllegalStateException when the disk write fails; the peer then keeps those addresses */
    @Override
    public Optional<StoreUpdate> forgetAddresses(PeerId id, Collection<Multiaddr> addresses) {
        return view.forgetAddresses(id, addresses, this::writeNow);
    }

    /** @throws IllegalStateException when the disk write fails; the peer is then still stored */
    @Override
    public Optional<PeerInfo> remove(PeerId id) {
        return view.remove(id, this::writeNow);
    }

    /** @throws IllegalStateException when the disk write fails; the peer then keeps its old lastSeen */
    @Override
    public boolean markSeen(PeerId id, Instant when) {
        return view.markSeen(id, when, this::writeNow);
    }

    @Override
    public List<PeerInfo> setLimits(PeerLimits limits) {
        return view.setLimits(limits, this::writeNow);
    }

    @Override
    public Optional<PeerInfo> get(PeerId id) {
        return view.get(id);
    }

    @Override
    public List<PeerInfo> all() {
        return view.all();
    }

    @Override
    public List<PeerInfo> closest(byte[] kadKey, int count) {
        return view.closest(kadKey, count);
    }

    @Override
    public int size() {
        return view.size();
    }

    @Override
    public PeerLimits limits() {
        return view.limits();
    }

    /** The memory view's facts, with type {@code persistent}, the path, skipped records and problems met. */
    @Override
    public Map<String, Object> describe() {
        Map<String, Object> out = new LinkedHashMap<>(view.describe());
        out.put("type", "persistent");
        out.put("path", path.toString());
        if (skippedRecords > 0) {
            out.put("skipped_records", skippedRecords);
        }
        List<String> all = new ArrayList<>();
        if (out.get("problems") instanceof List<?> viewProblems) {
            viewProblems.forEach(p -> all.add(String.valueOf(p)));
        }
        all.addAll(problems.list());
        if (store.isClosed()) {
            all.add("store file is closed");
        }
        if (!all.isEmpty()) {
            out.put("problems", all);
        }
        return out;
    }

    /** Commits and closes the file; the peers stay readable in memory, writes fail from now on. */
    @Override
    public void close() {
        view.exclusive(() -> {
            if (!store.isClosed()) {
                store.close(); // commits what is pending
                LOG.info("peer store {} closed", path);
            }
        });
    }

    private void writeNow(Change change) {
        stage(change);
        commit();
    }

    private void stage(Change change) {
        try {
            for (PeerInfo gone : change.removed()) {
                records.remove(gone.id().toBytes());
            }
            if (change.stored() != null) {
                records.put(change.stored().id().toBytes(), PeerInfoCodec.encode(change.stored()));
            }
        } catch (RuntimeException e) {
            throw failed("stage a change in", e);
        }
    }

    private void commit() {
        try {
            store.commit();
            store.sync();
        } catch (RuntimeException e) {
            throw failed("commit", e);
        }
    }

    private StoreWriteException failed(String what, RuntimeException e) {
        try {
            if (!store.isClosed()) {
                store.rollback(); // back to the last commit, which matches the memory view
            }
        } catch (RuntimeException ignored) {
            // the store is failing already; the first error is the one reported
        }
        String message = "could not " + what + " peer store " + path + ": " + e.getMessage();
        problems.add(message);
        LOG.error(message, e);
        return new StoreWriteException(message, e);
    }
}
