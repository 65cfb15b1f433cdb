package org.olocus.discovery.launcher;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads conf/config.properties, replacing {@code ${name}} with the given values or system properties. */
final class FrameworkProperties {
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([^}]+)}");

    private FrameworkProperties() {
    }

    static Map<String, String> load(Path file, Map<String, String> variables) throws IOException {
        Properties raw = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            raw.load(in);
        }
        Map<String, String> out = new HashMap<>(variables);
        for (String key : raw.stringPropertyNames()) {
            out.put(key, substitute(raw.getProperty(key), variables, file, key));
        }
        return out;
    }

    static String substitute(String value, Map<String, String> variables, Path file, String key) {
        Matcher m = VARIABLE.matcher(value);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String replacement = variables.containsKey(name) ? variables.get(name) : System.getProperty(name);
            if (replacement == null) {
                throw new IllegalArgumentException(file + ": " + key + " uses ${" + name + "}, which is not set");
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
