package org.olocus.discovery.launcher;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Sends shell commands to a running node over its control socket (served by the console bundle). The answer is
 * the commands' output, a NUL byte, then the exit status in ASCII.
 */
final class ControlClient {
    private static final int MAX_ANSWER = 16 << 20;

    private ControlClient() {
    }

    /** A connection to the node on {@code socket}, or empty when nobody answers there (yet). */
    static Optional<SocketChannel> connect(Path socket) {
        SocketChannel channel = null;
        try {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.connect(UnixDomainSocketAddress.of(socket));
            return Optional.of(channel);
        } catch (IOException e) {
            closeQuietly(channel);
            return Optional.empty();
        }
    }

    /** Whether a node answers on {@code socket}; the console takes a connection without a script as a probe. */
    static boolean answers(Path socket) {
        Optional<SocketChannel> channel = connect(socket);
        channel.ifPresent(ControlClient::closeQuietly);
        return channel.isPresent();
    }

    /** Runs {@code script} over {@code channel}; prints its output and returns its exit status. */
    static int execute(SocketChannel channel, String script, PrintStream out, PrintStream err) throws IOException {
        channel.write(ByteBuffer.wrap((script.replace('\n', ';') + "\n").getBytes(StandardCharsets.UTF_8)));
        channel.shutdownOutput();
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        ByteBuffer buffer = ByteBuffer.allocate(8192);
        while (channel.read(buffer) >= 0) {
            answer.write(buffer.array(), 0, buffer.position());
            buffer.clear();
            if (answer.size() > MAX_ANSWER) {
                throw new IOException("the node's answer exceeds " + MAX_ANSWER + " bytes");
            }
        }
        byte[] bytes = answer.toByteArray();
        int nul = lastIndexOf(bytes, (byte) 0);
        if (nul < 0) {
            err.println("olocus: the node closed the control connection without an exit status (was it stopping?)");
            return 3;
        }
        out.print(new String(bytes, 0, nul, StandardCharsets.UTF_8));
        out.flush();
        String status = new String(bytes, nul + 1, bytes.length - nul - 1, StandardCharsets.US_ASCII).trim();
        try {
            return Integer.parseInt(status);
        } catch (NumberFormatException e) {
            err.println("olocus: bad exit status from the node: " + status);
            return 3;
        }
    }

    private static int lastIndexOf(byte[] bytes, byte b) {
        for (int i = bytes.length - 1; i >= 0; i--) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static void closeQuietly(SocketChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            // nothing was sent on it
        }
    }
}
