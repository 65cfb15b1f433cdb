package org.olocus.discovery.console.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * The protocol of one control connection: a script comes in (up to the first newline or the end of input, at most
 * {@value #MAX_SCRIPT} bytes); its output, a NUL byte and the exit status go out. A connection that sends nothing
 * is a liveness probe ({@code bin/olocus} checks whether the node answers) and gets no answer.
 */
final class ControlConnection {
    static final int MAX_SCRIPT = 64 * 1024;

    private final Function<String, ScriptRunner.Outcome> scripts;

    ControlConnection(Function<String, ScriptRunner.Outcome> scripts) {
        this.scripts = scripts;
    }

    /** The script up to the first newline or the end of input; {@code null} when it exceeds the limit. */
    static String readScript(SocketChannel client) throws IOException {
        ByteArrayOutputStream script = new ByteArrayOutputStream();
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        while (client.read(buffer) >= 0) {
            buffer.flip();
            while (buffer.hasRemaining()) {
                byte b = buffer.get();
                if (b == '\n') {
                    return script.toString(StandardCharsets.UTF_8);
                }
                if (script.size() >= MAX_SCRIPT) {
                    return null;
                }
                script.write(b);
            }
            buffer.clear();
        }
        return script.toString(StandardCharsets.UTF_8);
    }

    /** Runs {@code script} (as read by {@link #readScript}) and writes the answer. */
    void answer(SocketChannel client, String script) throws IOException {
        if (script != null && script.isBlank()) {
            return;
        }
        ScriptRunner.Outcome outcome = script == null
                ? new ScriptRunner.Outcome("error: script larger than " + MAX_SCRIPT + " bytes\n", 2)
                : scripts.apply(script);
        byte[] output = outcome.output().getBytes(StandardCharsets.UTF_8);
        ByteBuffer answer = ByteBuffer.allocate(output.length + 16);
        answer.put(output).put((byte) 0).put(Integer.toString(outcome.exitStatus()).getBytes(StandardCharsets.US_ASCII));
        answer.flip();
        while (answer.hasRemaining()) {
            client.write(answer);
        }
    }
}
