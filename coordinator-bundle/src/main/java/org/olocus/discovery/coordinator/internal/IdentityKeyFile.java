package org.olocus.discovery.coordinator.internal;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The node's private key on disk, in the libp2p {@code PrivateKey} protobuf form (Type = Ed25519, Data = 32-byte
 * seed followed by the 32-byte public key), readable by the owner only. A file that does not parse is an error:
 * replacing it would silently change the node's identity.
 */
final class IdentityKeyFile {
    private static final int ENCODED_SIZE = 68; // 08 01 12 40 + 64 bytes
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private IdentityKeyFile() {
    }

    /** Loads the key at {@code file}, creating a new one when the file does not exist. */
    static Ed25519LocalPeer loadOrCreate(Path file) throws IOException {
        if (Files.exists(file)) {
            return load(file);
        }
        Ed25519LocalPeer created = Ed25519LocalPeer.generate();
        write(file, created.libp2pPrivateKeyData());
        return created;
    }

    static Ed25519LocalPeer load(Path file) throws IOException {
        byte[] encoded = Files.readAllBytes(file);
        if (encoded.length != ENCODED_SIZE || encoded[0] != 0x08 || encoded[1] != 0x01 || encoded[2] != 0x12
                || encoded[3] != 0x40) {
            throw new IOException("identity key file " + file + " is not a libp2p Ed25519 private key ("
                    + encoded.length + " bytes); move it away to create a new identity");
        }
        byte[] data = new byte[64];
        System.arraycopy(encoded, 4, data, 0, 64);
        try {
            return Ed25519LocalPeer.fromLibp2pPrivateKeyData(data);
        } catch (IllegalArgumentException e) {
            throw new IOException("identity key file " + file + " is corrupt: " + e.getMessage(), e);
        }
    }

    private static void write(Path file, byte[] data) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        byte[] encoded = new byte[ENCODED_SIZE];
        encoded[0] = 0x08;
        encoded[1] = 0x01;
        encoded[2] = 0x12;
        encoded[3] = 0x40;
        System.arraycopy(data, 0, encoded, 4, 64);
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        Path tmp = posix
                ? Files.createTempFile(dir, "identity", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY))
                : Files.createTempFile(dir, "identity", ".tmp");
        try {
            Files.write(tmp, encoded);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
