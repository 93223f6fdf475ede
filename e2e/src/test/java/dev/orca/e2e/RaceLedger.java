package dev.orca.e2e;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * What the racing clients saw, as the kubelet would know it: the containers they saw created (and in which pod), those
 * they saw removed (by RemoveContainer or with their pod), those whose removal was cut off by the daemon's kill, every
 * answer's code by call, and the answers no client should ever get.
 */
final class RaceLedger {

    /** Text of a Java exception or stack frame in a reply's message. */
    static final Pattern JAVA_TEXT = Pattern.compile("Exception|java\\.|javax\\.|at dev\\.orca|\\.java:\\d+");

    private final Map<String, String> created = new ConcurrentHashMap<>();
    private final Set<String> removed = ConcurrentHashMap.newKeySet();
    private final Set<String> uncertain = ConcurrentHashMap.newKeySet();
    private final Set<String> removedPods = ConcurrentHashMap.newKeySet();
    private final Map<String, Map<String, Integer>> outcomes = new TreeMap<>();
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());

    void containerCreated(String id, String podId) {
        created.put(id, podId);
    }

    void containerRemoved(String id) {
        removed.add(id);
    }

    /** A removal whose answer never came (the daemon was killed): the container may or may not be there. */
    void removalCutOff(String id) {
        uncertain.add(id);
    }

    void podRemoved(String podId) {
        removedPods.add(podId);
    }

    void podRemovalCutOff(String podId) {
        created.forEach((id, pod) -> {
            if (pod.equals(podId)) {
                uncertain.add(id);
            }
        });
    }

    /** The containers that must still be there: seen created, never seen removed, no removal cut off. */
    Map<String, String> mustExist() {
        Map<String, String> expected = new TreeMap<>();
        created.forEach((id, pod) -> {
            if (!removed.contains(id) && !uncertain.contains(id) && !removedPods.contains(pod)) {
                expected.put(id, pod);
            }
        });
        return expected;
    }

    void answered(String call, String code) {
        synchronized (outcomes) {
            outcomes.computeIfAbsent(call, c -> new TreeMap<>()).merge(code, 1, Integer::sum);
        }
    }

    void failure(String what) {
        failures.add(what);
    }

    List<String> failures() {
        synchronized (failures) {
            return List.copyOf(failures);
        }
    }

    /** Each call with the count of each code it was answered with. */
    String outcomes() {
        StringBuilder text = new StringBuilder();
        synchronized (outcomes) {
            outcomes.forEach((call, codes) -> text.append(String.format("  %-22s %s%n", call, codes)));
        }
        return text.toString();
    }
}
