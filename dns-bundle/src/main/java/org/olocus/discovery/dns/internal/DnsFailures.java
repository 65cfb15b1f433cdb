package org.olocus.discovery.dns.internal;

import java.io.IOException;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import org.olocus.discovery.api.DiscoveryException;
import org.olocus.discovery.api.DiscoveryException.Kind;
import org.xbill.DNS.WireParseException;

/** Maps what a DNS query can fail with onto the {@link DiscoveryException} kinds that {@code status} shows. */
final class DnsFailures {
    private DnsFailures() {
    }

    static DiscoveryException of(Throwable failure, String what) {
        Throwable t = unwrap(failure);
        if (t instanceof DiscoveryException d) {
            return d;
        }
        if (t instanceof TimeoutException || t instanceof SocketTimeoutException
                || (t instanceof IOException && String.valueOf(t.getMessage()).startsWith("Timed out"))) {
            return new DiscoveryException(Kind.TIMEOUT, "no answer for " + what + " in time", t);
        }
        if (t instanceof WireParseException) {
            return new DiscoveryException(Kind.INVALID_DNS_RECORD, "malformed response for " + what + ": "
                    + t.getMessage(), t);
        }
        if (t instanceof PortUnreachableException) {
            return new DiscoveryException(Kind.NETWORK, "DNS server unreachable (port closed) for " + what, t);
        }
        if (t instanceof IOException) {
            return new DiscoveryException(Kind.NETWORK, "DNS server unreachable for " + what + ": " + t, t);
        }
        return new DiscoveryException(Kind.DNS, "lookup of " + what + " failed: " + t, t);
    }

    static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
