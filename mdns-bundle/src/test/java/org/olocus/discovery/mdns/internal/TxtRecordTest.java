package org.olocus.discovery.mdns.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class TxtRecordTest {
    @Test
    void roundTripKeepsRepeatedKeysInOrder() {
        TxtRecord txt = TxtRecord.of(List.of(new TxtRecord.Entry("dnsaddr", "/ip4/10.0.0.1/tcp/1"),
                new TxtRecord.Entry("dnsaddr", "/ip4/10.0.0.2/tcp/2"), new TxtRecord.Entry("flag", null)));
        TxtRecord back = TxtRecord.decode(txt.encode());
        assertEquals(txt, back);
        assertEquals(List.of("/ip4/10.0.0.1/tcp/1", "/ip4/10.0.0.2/tcp/2"), back.all("DNSADDR"));
    }

    @Test
    void emptyRecordIsOneEmptyString() {
        assertArrayEquals(new byte[] {0}, TxtRecord.of(List.of()).encode());
        assertTrue(TxtRecord.decode(new byte[] {0}).entries().isEmpty());
    }

    @Test
    void truncatedStringIsRefusedWithItsOffset() {
        var e = assertThrows(IllegalArgumentException.class, () -> TxtRecord.decode(new byte[] {2, 'a', '=', 5, 'x'}));
        assertTrue(e.getMessage().contains("offset 3"), e.getMessage());
    }

    @Test
    void emptyKeyIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> TxtRecord.decode(new byte[] {2, '=', 'x'}));
    }

    @Test
    void oversizedRecordAndTooManyStringsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> TxtRecord.decode(new byte[TxtRecord.MAX_BYTES + 1]));
        byte[] many = new byte[2 * (TxtRecord.MAX_ENTRIES + 1)];
        for (int i = 0; i < many.length; i += 2) {
            many[i] = 1;
            many[i + 1] = 'k';
        }
        assertThrows(IllegalArgumentException.class, () -> TxtRecord.decode(many));
    }

    @Test
    void entryLongerThan255BytesCannotBeEncoded() {
        TxtRecord txt = TxtRecord.of(List.of(new TxtRecord.Entry("k", "v".repeat(300))));
        assertThrows(IllegalArgumentException.class, txt::encode);
    }

    @Test
    void randomBytesNeverThrowAnythingButIllegalArgument() {
        Random r = new Random(42);
        for (int i = 0; i < 5000; i++) {
            byte[] b = new byte[r.nextInt(600)];
            r.nextBytes(b);
            try {
                TxtRecord.decode(b);
            } catch (IllegalArgumentException expected) {
                // counted by the caller
            }
        }
    }
}
