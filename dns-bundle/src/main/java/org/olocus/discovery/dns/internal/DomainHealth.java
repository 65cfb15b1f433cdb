package org.olocus.discovery.dns.internal;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.olocus.discovery.api.DiscoveryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last outcome of every configured domain. A failure is logged at WARN when it starts or changes, at DEBUG
 * while it repeats, and the recovery at INFO: a dead server costs one log line, not one per round.
 */
final class DomainHealth {
    private static final Logger LOG = LoggerFactory.getLogger(DomainHealth.class);

    /**
     * One domain's state.
     *
     * @param lastError           the failure of the latest lookup, or null after a success
     * @param consecutiveFailures lookups that failed in a row
     * @param lastSuccess         when a lookup last succeeded (null if never)
     * @param lastResult          the latest result's one-line summary
     */
    record State(DiscoveryException lastError, int consecutiveFailures, Instant lastSuccess, String lastResult) {
        @Override
        public String toString() {
            return (lastError == null ? "ok" : "FAILING x" + consecutiveFailures + " " + lastError.getMessage())
                    + "; last success " + (lastSuccess == null ? "never" : lastSuccess) + "; " + lastResult;
        }
    }

    private final Map<String, State> states = new ConcurrentHashMap<>();

    void record(DomainResult r) {
        String key = r.source() + " " + r.domain();
        String summary = r.peers().size() + " peers, " + r.addressOnly().size() + " address-only, "
                + r.problems().size() + " skipped";
        states.compute(key, (k, old) -> {
            if (r.error().isEmpty()) {
                if (old != null && old.lastError() != null) {
                    LOG.info("DNS lookup of {} works again after {} failures", k, old.consecutiveFailures());
                }
                return new State(null, 0, r.lookedUpAt(), summary);
            }
            DiscoveryException e = r.error().get();
            boolean changed = old == null || old.lastError() == null
                    || !old.lastError().getMessage().equals(e.getMessage());
            if (changed) {
                LOG.warn("DNS lookup of {} failed: {} (retried every round; logged again only if it changes)", k,
                        e.getMessage());
            } else {
                LOG.debug("DNS lookup of {} still failing: {}", k, e.getMessage());
            }
            return new State(e, old == null ? 1 : old.consecutiveFailures() + 1,
                    old == null ? null : old.lastSuccess(), summary);
        });
    }

    Map<String, State> snapshot() {
        return new TreeMap<>(states);
    }

    void clear() {
        states.clear();
    }
}
