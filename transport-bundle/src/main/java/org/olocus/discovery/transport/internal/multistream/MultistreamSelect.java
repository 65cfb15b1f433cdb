package org.olocus.discovery.transport.internal.multistream;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Set;

import org.olocus.discovery.transport.internal.ProtocolViolationException;

/**
 * A multistream-select 1.0 negotiation, byte level and without I/O: feed it what arrived with {@link #receive},
 * write out what it returns. The dialer proposes its protocols in order; the listener answers each with the
 * protocol (accepted) or {@code na}. Bytes after the deciding line stay in the buffer for the chosen protocol.
 * Not thread-safe: one owner drives it.
 */
public final class MultistreamSelect {
    /** The protocol id both sides say first. */
    public static final String HEADER = "/multistream/1.0.0";
    /** The listener's answer to a protocol it does not speak. */
    public static final String NA = "na";
    /** Proposals a listener answers before it gives up on a dialer; a dialer's list is bounded likewise. */
    public static final int MAX_PROPOSALS = 16;

    /** Where a negotiation stands. */
    public enum Outcome {
        /** More bytes are needed. */
        PENDING,
        /** Both sides agreed on {@link #selected()}. */
        SELECTED,
        /** The dialer ran out of proposals: no protocol in common. */
        REJECTED
    }

    /** What one {@link #receive} produced: bytes to send (maybe empty) and the outcome so far. */
    public record Step(byte[] toSend, Outcome outcome) {
    }

    private final boolean dialer;
    private final List<String> proposals;
    private final Set<String> supported;
    private boolean headerReceived;
    private int proposalIndex;
    private int proposalsSeen;
    private Outcome outcome = Outcome.PENDING;
    private String selected;

    private MultistreamSelect(boolean dialer, List<String> proposals, Set<String> supported) {
        this.dialer = dialer;
        this.proposals = proposals;
        this.supported = supported;
    }

    /** A dialer proposing {@code protocols} in order of preference. */
    public static MultistreamSelect dialer(List<String> protocols) {
        if (protocols.isEmpty() || protocols.size() > MAX_PROPOSALS) {
            throw new IllegalArgumentException("a dialer proposes 1.." + MAX_PROPOSALS + " protocols, not "
                    + protocols.size());
        }
        protocols.forEach(MultistreamCodec::encode); // validates each line up front
        return new MultistreamSelect(true, List.copyOf(protocols), Set.of());
    }

    /** A listener that accepts any of {@code protocols}. */
    public static MultistreamSelect listener(Set<String> protocols) {
        return new MultistreamSelect(false, List.of(), Set.copyOf(protocols));
    }

    /**
     * What to send first: the dialer's header and first proposal in one write (as js-libp2p does); nothing for
     * the listener, which answers only once it heard the dialer's header.
     */
    public byte[] start() {
        if (!dialer) {
            return new byte[0];
        }
        return concat(MultistreamCodec.encode(HEADER), MultistreamCodec.encode(proposals.get(0)));
    }

    /**
     * Consumes complete lines from {@code in} until the negotiation is decided or the buffer runs dry.
     *
     * @throws ProtocolViolationException when the remote sends something multistream-select does not allow
     */
    public Step receive(ByteBuffer in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (outcome == Outcome.PENDING) {
            String line = MultistreamCodec.decode(in);
            if (line == null) {
                break;
            }
            if (!headerReceived) {
                if (!HEADER.equals(line)) {
                    throw new ProtocolViolationException("expected multistream header " + HEADER + " but got '"
                            + printable(line) + "'");
                }
                headerReceived = true;
                if (!dialer) {
                    out.writeBytes(MultistreamCodec.encode(HEADER));
                }
            } else if (dialer) {
                onAnswer(line, out);
            } else {
                onProposal(line, out);
            }
        }
        return new Step(out.toByteArray(), outcome);
    }

    private void onAnswer(String line, ByteArrayOutputStream out) {
        String proposed = proposals.get(proposalIndex);
        if (line.equals(proposed)) {
            select(proposed);
        } else if (NA.equals(line)) {
            proposalIndex++;
            if (proposalIndex == proposals.size()) {
                outcome = Outcome.REJECTED;
            } else {
                out.writeBytes(MultistreamCodec.encode(proposals.get(proposalIndex)));
            }
        } else {
            throw new ProtocolViolationException("listener answered '" + printable(line) + "' to proposal "
                    + proposed);
        }
    }

    private void onProposal(String line, ByteArrayOutputStream out) {
        if (++proposalsSeen > MAX_PROPOSALS) {
            throw new ProtocolViolationException("dialer made more than " + MAX_PROPOSALS + " proposals");
        }
        if (supported.contains(line)) {
            out.writeBytes(MultistreamCodec.encode(line));
            select(line);
        } else {
            out.writeBytes(MultistreamCodec.encode(NA));
        }
    }

    private void select(String protocol) {
        selected = protocol;
        outcome = Outcome.SELECTED;
    }

    /** The current outcome. */
    public Outcome outcome() {
        return outcome;
    }

    /** The agreed protocol, or {@code null} until {@link Outcome#SELECTED}. */
    public String selected() {
        return selected;
    }

    private static String printable(String line) {
        String cut = line.length() > 64 ? line.substring(0, 64) + "…" : line;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
