package org.olocus.discovery.api;

/** libp2p key types, numbered as in the {@code KeyType} enum of the libp2p peer-id specification. */
public enum KeyType {
    RSA(0),
    ED25519(1),
    SECP256K1(2),
    ECDSA(3);

    private final int code;

    KeyType(int code) {
        this.code = code;
    }

    /** The protobuf enum value. */
    public int code() {
        return code;
    }

    /** The key type with protobuf value {@code code}; an unknown value is named in the exception. */
    public static KeyType fromCode(long code) {
        for (KeyType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown libp2p key type " + code);
    }
}
