package org.olocus.discovery.console.internal;

import java.io.IOException;

import org.apache.felix.service.command.CommandProcessor;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@code bin/olocus --exec}: each connection to the control socket runs one script of shell commands in a
 * fresh Gogo session (see {@link ControlSocket} and {@link ControlConnection}). The socket is where
 * {@link SocketLocation} says, in a directory only its owner may enter: whoever can use it can run any shell
 * command on the node.
 */
@Component(immediate = true)
public final class ControlSocketServer {
    private static final Logger LOG = LoggerFactory.getLogger(ControlSocketServer.class);

    private final ControlSocket socket;

    @Activate
    public ControlSocketServer(BundleContext context, @Reference CommandProcessor processor) throws IOException {
        ScriptRunner runner = new ScriptRunner(processor);
        try {
            this.socket = new ControlSocket(SocketLocation.of(context), runner::run);
        } catch (IOException e) {
            LOG.error("Shell commands cannot be accepted: {}", e.getMessage());
            throw e;
        }
        LOG.info("Shell commands accepted on {}", socket.file());
    }

    @Deactivate
    void deactivate() {
        socket.close();
    }
}
