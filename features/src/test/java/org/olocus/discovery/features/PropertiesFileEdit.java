package org.olocus.discovery.features;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Sets keys in one of Karaf's {@code etc/*.cfg} or {@code *.properties} files: a key's whole logical line
 * (continuation lines included) is replaced, keys the file lacks are appended, everything else is kept as it was.
 */
final class PropertiesFileEdit {
    private PropertiesFileEdit() {
    }

    static void set(Path file, Map<String, String> values) throws IOException {
        List<String> in = Files.exists(file) ? Files.readAllLines(file) : List.of();
        List<String> out = new ArrayList<>(in.size() + values.size());
        Set<String> written = new HashSet<>();
        for (int i = 0; i < in.size(); i++) {
            String line = in.get(i);
            if (isCommentOrBlank(line)) {
                out.add(line);
                continue;
            }
            int last = i;
            while (line(in, last).endsWith("\\") && last + 1 < in.size()) {
                last++;
            }
            String key = keyOf(line);
            if (values.containsKey(key)) {
                out.add(key + " = " + values.get(key));
                written.add(key);
            } else {
                out.addAll(in.subList(i, last + 1));
            }
            i = last;
        }
        values.forEach((key, value) -> {
            if (!written.contains(key)) {
                out.add(key + " = " + value);
            }
        });
        Files.write(file, out);
    }

    static Map<String, String> of(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static String line(List<String> lines, int index) {
        return lines.get(index).stripTrailing();
    }

    private static boolean isCommentOrBlank(String line) {
        String t = line.strip();
        return t.isEmpty() || t.startsWith("#") || t.startsWith("!");
    }

    private static String keyOf(String line) {
        int eq = line.indexOf('=');
        return (eq < 0 ? line : line.substring(0, eq)).strip();
    }
}
