package org.olocus.discovery.peerstore.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * Configuration of a peer store, for PID {@value PeerStoreComponent#PID} and factory PID
 * {@value ExtraPeerStoreComponent#FACTORY_PID}. Method names map to keys the DS way: {@code __} is one
 * {@code _}, so {@code max__peers()} reads the key {@code max_peers}.
 */
@ObjectClassDefinition(name = "Olocus peer store",
        description = "Where discovered peers are kept (memory or an MVStore file) and how many.")
public @interface PeerStoreConfig {
    /** The value of {@link #type()} for the in-memory store. */
    String MEMORY = "memory";
    /** The value of {@link #type()} for the file-backed store. */
    String PERSISTENT = "persistent";

    @AttributeDefinition(name = "type", description = "memory, or persistent (an H2 MVStore file at path).",
            options = {@Option(label = "memory", value = MEMORY), @Option(label = "persistent", value = PERSISTENT)})
    String type() default MEMORY;

    @AttributeDefinition(name = "path", description = "File of the persistent store; a relative path resolves "
            + "against the olocus.home framework property, else the working directory.")
    String path() default "data/peers.mv";

    @AttributeDefinition(name = "max_peers", min = "1", description = "Most peers kept; a new peer beyond it "
            + "evicts the stalest disconnected one.")
    int max__peers() default 100;

    @AttributeDefinition(name = "max_inbound", min = "0", description = "Most peers connected inbound.")
    int max__inbound() default 50;

    @AttributeDefinition(name = "max_outbound", min = "0", description = "Most peers connected outbound.")
    int max__outbound() default 50;

    @AttributeDefinition(name = "service_ranking", description = "service.ranking of the registered PeerStore; "
            + "the coordinator writes to the highest-ranked store.")
    int service__ranking() default 0;
}
