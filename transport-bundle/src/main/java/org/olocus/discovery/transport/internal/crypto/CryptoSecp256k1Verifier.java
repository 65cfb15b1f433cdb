package org.olocus.discovery.transport.internal.crypto;

import java.io.IOException;
import java.math.BigInteger;
import java.util.Arrays;

import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.sec.SECNamedCurves;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.math.ec.ECPoint;

/**
 * libp2p secp256k1 signatures (peer-ids spec, "Secp256k1"): ECDSA over SHA-256 of the message, the signature
 * DER-encoded, the public key a compressed 33-byte point — verified with BouncyCastle's lightweight
 * {@link ECDSASigner}, since secp256k1 left the JDK's EC provider. Only strict DER is accepted (the same bytes
 * re-encode identically); high-S signatures are accepted, as go-libp2p does, because malleability does not
 * weaken an identity proof.
 */
final class CryptoSecp256k1Verifier {
    /** Size of a compressed public key: a 0x02/0x03 prefix then x. */
    static final int PUBLIC_KEY_SIZE = 33;
    /** A DER sequence of two 33-byte integers, its headers included. */
    static final int MAX_SIGNATURE_SIZE = 72;

    private static final X9ECParameters CURVE = SECNamedCurves.getByName("secp256k1");
    private static final ECDomainParameters DOMAIN = new ECDomainParameters(CURVE.getCurve(), CURVE.getG(),
            CURVE.getN(), CURVE.getH());

    private CryptoSecp256k1Verifier() {
    }

    /**
     * Whether {@code derSignature} is a valid libp2p secp256k1 signature of {@code message} by
     * {@code compressedKey}. A malformed key or signature is simply not valid.
     */
    static boolean verify(byte[] compressedKey, byte[] message, byte[] derSignature) {
        ECPoint point = decodeKey(compressedKey);
        BigInteger[] rs = decodeSignature(derSignature);
        if (point == null || rs == null) {
            return false;
        }
        ECDSASigner signer = new ECDSASigner();
        signer.init(false, new ECPublicKeyParameters(point, DOMAIN));
        return signer.verifySignature(sha256(message), rs[0], rs[1]);
    }

    /** The point of a compressed key, or {@code null} when it is not one on the curve. */
    static ECPoint decodeKey(byte[] compressed) {
        if (compressed.length != PUBLIC_KEY_SIZE || (compressed[0] != 0x02 && compressed[0] != 0x03)) {
            return null;
        }
        try {
            ECPoint point = CURVE.getCurve().decodePoint(compressed);
            return point.isValid() ? point : null;
        } catch (IllegalArgumentException e) {
            return null; // x is not on the curve
        }
    }

    /** (r, s) of a strict DER {@code SEQUENCE { INTEGER r, INTEGER s }}, or {@code null}. */
    private static BigInteger[] decodeSignature(byte[] der) {
        if (der.length == 0 || der.length > MAX_SIGNATURE_SIZE) {
            return null;
        }
        try {
            ASN1Primitive parsed = ASN1Primitive.fromByteArray(der);
            if (!(parsed instanceof ASN1Sequence sequence) || sequence.size() != 2
                    || !(sequence.getObjectAt(0) instanceof ASN1Integer r)
                    || !(sequence.getObjectAt(1) instanceof ASN1Integer s)
                    || !Arrays.equals(sequence.getEncoded(ASN1Encoding.DER), der)) {
                return null;
            }
            BigInteger rValue = r.getValue();
            BigInteger sValue = s.getValue();
            // ECDSASigner also refuses values outside [1, n-1]; negative ones never reach it.
            return rValue.signum() > 0 && sValue.signum() > 0 ? new BigInteger[] {rValue, sValue} : null;
        } catch (IOException | RuntimeException e) {
            return null; // not DER at all (BouncyCastle reports some malformations as runtime exceptions)
        }
    }

    private static byte[] sha256(byte[] message) {
        SHA256Digest digest = new SHA256Digest();
        digest.update(message, 0, message.length);
        byte[] out = new byte[digest.getDigestSize()];
        digest.doFinal(out, 0);
        return out;
    }
}
