package io.takfed.connector.discovery;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.random.RandomGenerator;

/**
 * The order RFC 2782 gives SRV targets: lowest priority first; within one priority a weighted random draw,
 * repeated until the priority is used up, so a weight-60 target comes first about 60% of the time against a
 * weight-40 one. Weight-0 targets go first into the draw, so they are picked only when nothing else is left
 * or by the rare zero draw, as the RFC asks.
 */
final class SrvOrder {

    private SrvOrder() {
    }

    static List<SrvTarget> order(List<SrvTarget> targets, RandomGenerator random) {
        Map<Integer, List<SrvTarget>> byPriority = new TreeMap<>();
        for (SrvTarget target : targets) {
            byPriority.computeIfAbsent(target.priority(), p -> new ArrayList<>()).add(target);
        }
        List<SrvTarget> ordered = new ArrayList<>(targets.size());
        for (List<SrvTarget> group : byPriority.values()) {
            List<SrvTarget> left = new ArrayList<>(group);
            left.sort(Comparator.comparingInt(SrvTarget::weight));
            while (!left.isEmpty()) {
                int total = left.stream().mapToInt(SrvTarget::weight).sum();
                int draw = total == 0 ? 0 : random.nextInt(total + 1);
                int running = 0;
                for (int i = 0; i < left.size(); i++) {
                    running += left.get(i).weight();
                    if (running >= draw) {
                        ordered.add(left.remove(i));
                        break;
                    }
                }
            }
        }
        return List.copyOf(ordered);
    }
}
