package org.olocus.discovery.support.internal;

import java.util.ArrayList;
import java.util.List;

/** List-valued configuration keys. */
public final class ConfigLists {
    private ConfigLists() {
    }

    /**
     * The values of a list key, which arrives as an array from ConfigAdmin or as one comma-separated string from a
     * .cfg file: every element split at commas, trimmed, blanks dropped; null gives an empty list.
     */
    public static List<String> values(String[] values) {
        List<String> out = new ArrayList<>();
        for (String v : values == null ? new String[0] : values) {
            for (String part : v.split(",")) {
                if (!part.isBlank()) {
                    out.add(part.trim());
                }
            }
        }
        return out;
    }
}
