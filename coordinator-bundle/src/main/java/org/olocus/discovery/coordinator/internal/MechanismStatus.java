package org.olocus.discovery.coordinator.internal;

import java.time.Instant;

/**
 * One mechanism as {@code discovery:mechanisms} and {@code discovery:status} show it.
 *
 * @param rounds    discovery rounds completed
 * @param lastFound peers the last round returned (before the per-round cap)
 * @param found     peers handed to the store in all (rounds and pushes)
 * @param failures  start, round or announce calls that failed or threw
 * @param timeouts  calls that did not finish within query_timeout
 * @param skipped   rounds skipped because the previous call had not returned
 * @param dropped   pushed or returned peers beyond the mechanism's quota
 * @param falseClaims ids it reported that a handshake at the reported address disproved
 */
public record MechanismStatus(String name, String type, String state, boolean active, long rounds,
                              Instant lastRun, int lastFound, long found, long failures, long timeouts,
                              long skipped, long dropped, long falseClaims, String lastError) {
    @Override
    public String toString() {
        return String.format("%-10s %-9s %-8s active=%-5s rounds=%d last=%s lastFound=%d found=%d failures=%d "
                        + "timeouts=%d skipped=%d dropped=%d false_claims=%d%s", name, type, state, active, rounds,
                lastRun == null ? "never" : lastRun.toString(), lastFound, found, failures, timeouts, skipped, dropped,
                falseClaims, lastError == null ? "" : " error=" + lastError);
    }
}
