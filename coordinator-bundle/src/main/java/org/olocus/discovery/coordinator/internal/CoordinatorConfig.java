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

    @AttributeDefinition(description = "Multiaddrs at which other nodes reach us, announced through every mechanism.")
    String[] announce__addresses() default {};
}
