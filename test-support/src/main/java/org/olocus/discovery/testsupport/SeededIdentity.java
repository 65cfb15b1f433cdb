package org.olocus.discovery.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.util.Arrays;

import org.olocus.discovery.api.KeyType;
import org.olocus.discovery.api.PeerId;
import org.olocus.discovery.api.PeerPublicKey;

/**
 * A reproducible Ed25519 identity for a test node: the same seed gives the same key, and so the same peer id, in
 * every process. {@link #writeKeyFile} writes it as a node's {@code data/identity.key} (the libp2p
 * {@code PrivateKey} protobuf the coordinator reads), so a test knows a packaged node's id before it starts.
 */
public final class SeededIdentity {
    private final byte[] privateSeed;
    private final PeerPublicKey publicKey;

    private SeededIdentity(byte[] privateSeed, PeerPublicKey publicKey) {
        this.privateSeed = privateSeed;
        this.publicKey = publicKey;
    }

    public static SeededIdentity of(long seed) {
        try {
            SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
            random.setSeed(seed);
            KeyPairGenerator g = KeyPairGenerator.getInstance("Ed25519");
            g.initialize(NamedParameterSpec.ED25519, random);
            KeyPair pair = g.generateKeyPair();
            byte[] x509 = pair.getPublic().getEncoded();
            byte[] priv = ((EdECPrivateKey) pair.getPrivate()).getBytes().orElseThrow();
            return new SeededIdentity(priv, PeerPublicKey.of(KeyType.ED25519,
                    Arrays.copyOfRange(x509, x509.length - 32, x509.length)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public PeerPublicKey publicKey() {
        return publicKey;
    }

    public PeerId peerId() {
        return publicKey.toPeerId();
    }

    /** The libp2p {@code PrivateKey} protobuf: Type = Ed25519, Data = 32-byte seed then 32-byte public key. */
    public byte[] libp2pPrivateKey() {
        byte[] encoded = new byte[68];
        encoded[0] = 0x08;
        encoded[1] = 0x01;
        encoded[2] = 0x12;
        encoded[3] = 0x40;
        System.arraycopy(privateSeed, 0, encoded, 4, 32);
        System.arraycopy(publicKey.data(), 0, encoded, 36, 32);
        return encoded;
    }

    /** Writes {@link #libp2pPrivateKey} to {@code file}, readable by the owner only. */
    public void writeKeyFile(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, libp2pPrivateKey());
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }

    @Override
    public String toString() {
        return "SeededIdentity " + peerId();
    }
}
