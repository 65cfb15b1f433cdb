package org.olocus.discovery.coordinator.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of PID {@code org.olocus.discovery.coordinator}; times are in seconds, as in the spec. Method names
 * use a double underscore so that the keys keep the spec's single underscore ({@code discovery_interval}).
 */
@ObjectClassDefinition(name = "Olocus discovery coordinator",
        description = "How often mechanisms run, how long peers are kept, how much each mechanism may report.")
public @interface CoordinatorConfig {
    @AttributeDefinition(description = "Seconds between discovery rounds of every mechanism.")
    long discovery__interval() default 60;

    @AttributeDefinition(description = "Seconds a discovery round or a start/stop/announce call may take.")
    long query__timeout() default 10;

    @AttributeDefinition(description = "Most peers taken from one mechanism per round (and queued from its pushes).")
    int max__peers__per__mechanism() default 50;

    @AttributeDefinition(description = "Seconds between sweeps that remove peers unseen for peer_timeout.")
    long refresh__interval() default 300;

    @AttributeDefinition(description = "Seconds after which a disconnected peer that nobody reported again is removed.")
    long peer__timeout() default 600;

    @AttributeDefinition(description = "Multiaddrs at which other nodes reach us besides the transport's own listen"
            + " addresses (a NAT'd or public address), announced through every mechanism with them.")
    String[] announce__addresses() default {};

    @AttributeDefinition(description = "Seconds between checks of our own addresses (interfaces that came or went);"
            + " a change is announced through every mechanism.")
    long address__poll() default 5;

    @AttributeDefinition(description = "Peers the dialler keeps connected; 0 turns it off. Keep it at or below the"
            + " transport's low_water (64 by default), or the connection manager prunes what the dialler opens.")
    int target__connections() default 32;

    @AttributeDefinition(description = "Most dials the dialler has under way at once.")
    int max__concurrent__dials() default 8;

    @AttributeDefinition(description = "Seconds before a peer none of whose addresses answered is dialled again;"
            + " doubled after each failure, up to max_dial_retry.")
    long dial__retry() default 10;

    @AttributeDefinition(description = "Longest wait, in seconds, before a peer that keeps failing is dialled again.")
    long max__dial__retry() default 600;

    @AttributeDefinition(description = "Failed dials in a row after which an address is dropped from a peer.")
    int address__failures() default 3;
}
