package org.olocus.discovery.mdns.internal;

import java.util.List;
import java.util.Map;

import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The {@code mdns:} Gogo commands; they return values for the shell to print. */
@Component(service = MdnsCommands.class, property = {
        "osgi.command.scope=mdns",
        "osgi.command.function=services",
        "osgi.command.function=announce",
        "osgi.command.function=status"})
public final class MdnsCommands {
    private final MdnsDiscovery mdns;

    @Activate
    public MdnsCommands(@Reference MdnsDiscovery mdns) {
        this.mdns = mdns;
    }

    @Descriptor("the services seen now, per interface address")
    public Map<String, List<ServiceTracker.Seen>> services() {
        return mdns.services();
    }

    @Descriptor("re-send our records and query again on every interface now")
    public String announce() {
        int n = mdns.announceNow();
        return "announced " + n + " services on " + mdns.status().links().size() + " interface addresses";
    }

    @Descriptor("configuration, interfaces, counters")
    public MdnsStatus status() {
        return mdns.status();
    }
}
