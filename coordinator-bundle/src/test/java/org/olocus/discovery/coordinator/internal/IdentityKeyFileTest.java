package org.olocus.discovery.coordinator.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdentityKeyFileTest {
    @TempDir
    Path dir;

    @Test
    void createsAnOwnerOnlyEd25519KeyOnceAndLoadsItAfter() throws IOException {
        Path file = dir.resolve("data/identity.key");
        Ed25519LocalPeer first = IdentityKeyFile.loadOrCreate(file);
        assertTrue(first.peerId().toBase58().startsWith("12D3KooW"), first.peerId().toBase58());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(68, Files.size(file));

        Ed25519LocalPeer again = IdentityKeyFile.loadOrCreate(file);
        assertEquals(first.peerId(), again.peerId());
        assertEquals(first.publicKey(), again.publicKey());
        try (var files = Files.list(file.getParent())) {
            assertEquals(1, files.count(), "no temporary file is left behind");
        }
    }

    @Test
    void signaturesVerifyWithThePublicKey() throws IOException {
        Ed25519LocalPeer peer = IdentityKeyFile.loadOrCreate(dir.resolve("identity.key"));
        byte[] message = "hello".getBytes(StandardCharsets.UTF_8);
        byte[] signature = peer.sign(message);
        assertEquals(64, signature.length);
        assertTrue(peer.publicKey().verify(message, signature));
        assertFalse(peer.publicKey().verify("other".getBytes(StandardCharsets.UTF_8), signature));
        assertTrue(peer.peerId().matches(peer.publicKey()));
    }

    @Test
    void aTruncatedKeyFileIsAnErrorAndIsLeftAsItWas() throws IOException {
        Path file = dir.resolve("identity.key");
        Files.write(file, new byte[] {8, 1, 18, 64, 1, 2, 3});
        IOException e = assertThrows(IOException.class, () -> IdentityKeyFile.loadOrCreate(file));
        assertTrue(e.getMessage().contains("not a libp2p Ed25519 private key"), e.getMessage());
        assertArrayEquals(new byte[] {8, 1, 18, 64, 1, 2, 3}, Files.readAllBytes(file));
    }

    @Test
    void aKeyFileWhosePublicHalfWasDamagedIsAnError() throws IOException {
        Path file = dir.resolve("identity.key");
        IdentityKeyFile.loadOrCreate(file);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 1] ^= 0x55;
        Files.write(file, bytes);
        IOException e = assertThrows(IOException.class, () -> IdentityKeyFile.load(file));
        assertTrue(e.getMessage().contains("corrupt"), e.getMessage());
        assertArrayEquals(bytes, Files.readAllBytes(file), "a corrupt key is never replaced");
    }
}
