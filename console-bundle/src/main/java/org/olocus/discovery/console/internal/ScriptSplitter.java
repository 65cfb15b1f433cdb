package org.olocus.discovery.console.internal;

import java.util.ArrayList;
import java.util.List;

/** Splits {@code "cmd a; cmd 'b;c'"} at semicolons outside quotes, so each command's result is shown. */
final class ScriptSplitter {
    private ScriptSplitter() {
    }

    static List<String> split(String script) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        char quote = 0;
        for (int i = 0; i < script.length(); i++) {
            char c = script.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == ';' || c == '\n') {
                add(out, current);
                continue;
            }
            current.append(c);
        }
        if (quote != 0) {
            throw new IllegalArgumentException("unterminated " + quote + " quote in: " + script);
        }
        add(out, current);
        return out;
    }

    private static void add(List<String> out, StringBuilder current) {
        String command = current.toString().trim();
        if (!command.isEmpty()) {
            out.add(command);
        }
        current.setLength(0);
    }
}
