package org.olocus.discovery.itests.network;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code discovery:peer <id>} printed, read the way issue #11 specifies it: the status {@code CONNECTED} (not
 * {@code DISCONNECTED}) and a token {@code proven=<when the id was proven>}.
 */
record PeerView(String output) {
    private static final Pattern CONNECTED = Pattern.compile("(?<![A-Z_])CONNECTED(?![A-Z_])");
    private static final Pattern PROVEN = Pattern.compile("(?<![\\w])proven=([^\\s,;\\]\\)}]*)");
    private static final Set<String> NOT_PROVEN = Set.of("", "never", "null", "none", "false", "no", "-", "0");

    boolean connected() {
        return CONNECTED.matcher(output).find();
    }

    /** The value of {@code proven=}, when present and not a "no". */
    Optional<String> proven() {
        Matcher m = PROVEN.matcher(output);
        if (!m.find() || NOT_PROVEN.contains(m.group(1).toLowerCase())) {
            return Optional.empty();
        }
        return Optional.of(m.group(1));
    }

    /** When the node says it proved the id, if {@code proven=} holds an ISO instant. */
    Optional<Instant> provenAt() {
        return proven().flatMap(v -> {
            try {
                return Optional.of(Instant.parse(v));
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        });
    }

    boolean connectedAndProven() {
        return connected() && proven().isPresent();
    }

    /**
     * The dial counters of a {@code discovery:status} output: every {@code <name>=<number>} of the {@code dialer}
     * line, and every token with "dial" or "false_claim" in its name on other lines (mechanism lines), keyed
     * {@code <first word of the line>.<name>}.
     */
    static Map<String, Long> counters(String status) {
        Map<String, Long> out = new LinkedHashMap<>();
        Pattern any = Pattern.compile("(\\w+)=(\\d+)(?![\\w.:-])");
        Pattern dial = Pattern.compile("(\\w*(?:dial|false_claim)\\w*)=(\\d+)(?![\\w.:-])");
        for (String line : status.split("\n")) {
            String trimmed = line.trim();
            String owner = trimmed.isEmpty() ? "" : trimmed.split("\\s+")[0];
            Matcher m = (owner.equals("dialer") ? any : dial).matcher(trimmed);
            while (m.find()) {
                out.put(owner + "." + m.group(1), Long.parseLong(m.group(2)));
            }
        }
        return out;
    }

    /** The {@code false_claims=} count on the status line of mechanism {@code mechanism}; -1 when not shown. */
    static long falseClaims(String status, String mechanism) {
        for (String line : status.split("\n")) {
            String trimmed = line.trim();
            if (trimmed.toLowerCase().startsWith(mechanism + " ") || trimmed.toLowerCase().startsWith(mechanism + ":")) {
                Matcher m = Pattern.compile("false_claims=(\\d+)").matcher(trimmed);
                if (m.find()) {
                    return Long.parseLong(m.group(1));
                }
            }
        }
        return -1;
    }
}
