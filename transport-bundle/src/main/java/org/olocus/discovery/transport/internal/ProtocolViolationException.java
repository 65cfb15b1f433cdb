package org.olocus.discovery.transport.internal;

/**
 * A remote peer broke a wire protocol (malformed, oversized or out-of-order input). The connection that carried
 * it must be closed; nothing else is affected. The message names what was wrong.
 */
public final class ProtocolViolationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ProtocolViolationException(String message) {
        super(message);
    }

    public ProtocolViolationException(String message, Throwable cause) {
        super(message, cause);
    }
}
