package org.olocus.discovery.transport.internal.crypto;

import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import java.util.Arrays;

import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.bouncycastle.crypto.modes.ChaCha20Poly1305;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.olocus.discovery.transport.internal.noise.NoiseIdentity;
import org.olocus.discovery.transport.internal.noise.NoiseTransport;

/**
 * Per-operation cost of the handshake's primitives, JDK 17 provider vs BouncyCastle's lightweight API, one
 * thread: what decided which implementation the transport uses. Not a unit test; run as a main (module README).
 */
public final class CryptoBench {
    private static final SecureRandom RANDOM = new SecureRandom();

    private CryptoBench() {
    }

    private interface Op {
        void run() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        byte[] scalar = X25519.generate(RANDOM).privateKey();
        byte[] remote = X25519.generate(RANDOM).publicKey();
        KeyFactory xdh = KeyFactory.getInstance("XDH");
        var jdkPrivate = xdh.generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, scalar));
        PublicKey jdkRemote = xdh.generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519,
                new BigInteger(1, reverse(remote))));

        KeyPair ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] message = NoiseIdentity.signedBytes(remote);
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(ed.getPrivate());
        signer.update(message);
        byte[] signature = signer.sign();
        byte[] encoded = ed.getPublic().getEncoded();
        byte[] rawPublic = Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length);

        System.out.printf("%-44s %12s %12s%n", "operation (µs each, one thread)", "JDK " + Runtime.version().feature(),
                "BouncyCastle");
        compare("X25519 public key from a scalar", () -> {
            KeyAgreement a = KeyAgreement.getInstance("XDH");
            a.init(jdkPrivate);
            a.doPhase(xdh.generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, BigInteger.valueOf(9))),
                    true);
            a.generateSecret();
        }, () -> X25519.fromPrivate(scalar));
        compare("X25519 shared secret", () -> {
            KeyAgreement a = KeyAgreement.getInstance("XDH");
            a.init(jdkPrivate);
            a.doPhase(jdkRemote, true);
            a.generateSecret();
        }, () -> X25519.dh(scalar, remote));
        compare("Ed25519 verify", () -> {
            Signature v = Signature.getInstance("Ed25519");
            v.initVerify(ed.getPublic());
            v.update(message);
            if (!v.verify(signature)) {
                throw new IllegalStateException();
            }
        }, () -> {
            if (!Ed25519Verifier.verify(rawPublic, message, signature)) {
                throw new IllegalStateException();
            }
        });
        for (int size : new int[] {64, 1024, NoiseTransport.MAX_PLAINTEXT}) {
            byte[] key = new byte[32];
            RANDOM.nextBytes(key);
            byte[] plain = new byte[size];
            long[] nonce = new long[1];
            Cipher enc = Cipher.getInstance("ChaCha20-Poly1305");
            Cipher dec = Cipher.getInstance("ChaCha20-Poly1305");
            SecretKeySpec jdkKey = new SecretKeySpec(key, "ChaCha20");
            ChaCha20Poly1305 bcEnc = new ChaCha20Poly1305();
            ChaCha20Poly1305 bcDec = new ChaCha20Poly1305();
            KeyParameter bcKey = new KeyParameter(key);
            compare("ChaCha20-Poly1305 seal+open, " + size + " B", () -> {
                byte[] iv = iv(nonce[0]++);
                enc.init(Cipher.ENCRYPT_MODE, jdkKey, new IvParameterSpec(iv));
                byte[] sealed = enc.doFinal(plain);
                dec.init(Cipher.DECRYPT_MODE, jdkKey, new IvParameterSpec(iv));
                dec.doFinal(sealed);
            }, () -> {
                byte[] iv = iv(nonce[0]++);
                bcEnc.init(true, new AEADParameters(bcKey, 128, iv));
                byte[] sealed = new byte[bcEnc.getOutputSize(size)];
                bcEnc.doFinal(sealed, bcEnc.processBytes(plain, 0, size, sealed, 0));
                bcDec.init(false, new AEADParameters(bcKey, 128, iv));
                byte[] opened = new byte[bcDec.getOutputSize(sealed.length)];
                bcDec.doFinal(opened, bcDec.processBytes(sealed, 0, sealed.length, opened, 0));
            });
        }
    }

    private static void compare(String name, Op jdk, Op bc) throws Exception {
        time(jdk, 1.5);
        time(bc, 1.5); // warm-up: both need the JIT's second tier
        System.out.printf("%-44s %12.1f %12.1f%n", name, time(jdk, 1.0), time(bc, 1.0));
    }

    /** Runs {@code op} for about {@code seconds} and returns µs per run. */
    private static double time(Op op, double seconds) throws Exception {
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        long runs = 0;
        while (System.nanoTime() < end) {
            op.run();
            runs++;
        }
        return (System.nanoTime() - start) / 1e3 / runs;
    }

    private static byte[] iv(long counter) {
        byte[] iv = new byte[12];
        for (int i = 0; i < 8; i++) {
            iv[4 + i] = (byte) (counter >>> (8 * i));
        }
        return iv;
    }

    private static byte[] reverse(byte[] littleEndian) {
        byte[] out = new byte[littleEndian.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = littleEndian[out.length - 1 - i];
        }
        out[0] &= 0x7F;
        return out;
    }
}
