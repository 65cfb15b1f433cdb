package org.olocus.discovery.dns.internal;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Strict UTF-8 decoding of TXT character-strings: bytes that are not UTF-8 are refused, not replaced. */
final class TxtStrings {
    private TxtStrings() {
    }

    static String decode(byte[] bytes) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes)).toString();
    }

    /** A short, printable form of untrusted text for log lines and error messages. */
    static String quote(String s) {
        String t = s.length() > 80 ? s.substring(0, 80) + "…" : s;
        StringBuilder out = new StringBuilder(t.length() + 2).append('\'');
        t.codePoints().forEach(c -> {
            if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\x%02x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.append('\'').toString();
    }
}
