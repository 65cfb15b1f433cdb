package org.olocus.discovery.console.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;

/**
 * Runs a script of shell commands in a fresh Gogo session: each command's result is formatted as the
 * interactive shell would show it; the first failing command ends the script with exit status 1.
 */
final class ScriptRunner {
    /** The output and exit status of a script. */
    record Outcome(String output, int exitStatus) {
    }

    private final CommandProcessor processor;

    ScriptRunner(CommandProcessor processor) {
        this.processor = processor;
    }

    Outcome run(String script) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        try (CommandSession session = processor.createSession(new ByteArrayInputStream(new byte[0]), out, out)) {
            for (String command : ScriptSplitter.split(script)) {
                try {
                    Object result = session.execute(command);
                    if (result != null) {
                        out.println(session.format(result, Converter.INSPECT));
                    }
                } catch (Exception e) {
                    out.println("error: " + command + ": " + oneLine(e));
                    return new Outcome(buffer.toString(StandardCharsets.UTF_8), 1);
                }
            }
        } catch (IllegalArgumentException e) {
            out.println("error: " + e.getMessage());
            return new Outcome(buffer.toString(StandardCharsets.UTF_8), 2);
        }
        return new Outcome(buffer.toString(StandardCharsets.UTF_8), 0);
    }

    private static String oneLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.lines().findFirst().orElse(message);
    }
}
