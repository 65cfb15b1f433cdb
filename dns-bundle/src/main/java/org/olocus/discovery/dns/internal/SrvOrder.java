package org.olocus.discovery.dns.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.random.RandomGenerator;

import org.xbill.DNS.Name;
import org.xbill.DNS.SRVRecord;

/**
 * RFC 2782 target order: lowest priority first; within one priority, a weighted random order (a target of weight
 * w is picked first with probability w / sum, weight-0 targets are picked only rarely, as the RFC's algorithm
 * does). A lone SRV record whose target is "." says the service is not offered there.
 */
final class SrvOrder {
    private SrvOrder() {
    }

    /** Whether the answer is RFC 2782's explicit "not available at this domain". */
    static boolean serviceDeclined(List<SRVRecord> records) {
        return records.size() == 1 && records.get(0).getTarget().equals(Name.root);
    }

    static List<SRVRecord> order(List<SRVRecord> records, RandomGenerator random) {
        Map<Integer, List<SRVRecord>> byPriority = new TreeMap<>();
        for (SRVRecord r : records) {
            if (!r.getTarget().equals(Name.root)) {
                byPriority.computeIfAbsent(r.getPriority(), p -> new ArrayList<>()).add(r);
            }
        }
        List<SRVRecord> out = new ArrayList<>(records.size());
        for (List<SRVRecord> group : byPriority.values()) {
            out.addAll(weighted(group, random));
        }
        return out;
    }

    private static List<SRVRecord> weighted(List<SRVRecord> group, RandomGenerator random) {
        // RFC 2782: put the weight-0 records first, then repeatedly pick by running sum.
        List<SRVRecord> remaining = new ArrayList<>(group);
        remaining.sort(Comparator.comparingInt(SRVRecord::getWeight));
        List<SRVRecord> out = new ArrayList<>(group.size());
        while (!remaining.isEmpty()) {
            long sum = 0;
            for (SRVRecord r : remaining) {
                sum += r.getWeight();
            }
            long pick = sum == 0 ? 0 : random.nextLong(sum + 1);
            long running = 0;
            int chosen = remaining.size() - 1;
            for (int i = 0; i < remaining.size(); i++) {
                running += remaining.get(i).getWeight();
                if (running >= pick) {
                    chosen = i;
                    break;
                }
            }
            out.add(remaining.remove(chosen));
        }
        return out;
    }
}
