package dev.orca.core.internal.cri;

import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The runtime specs a verbose ContainerStatus embeds ({@code runtimeSpec}, the container's config.json): each is
 * checked once to be a JSON document, then written into the reply as its text. Parsing the spec (17 KB and more with
 * a seccomp profile) into a tree and writing the tree out again was most of a verbose ContainerStatus, which critest
 * and {@code crictl inspect} ask for; a spec that changes (its length or hash) is checked again, and one that is not
 * JSON is embedded as a string, so the reply stays JSON whatever the file holds.
 */
final class EmbeddedSpecs {

    /** What was checked of a container's spec: its length and hash, and whether it is a JSON document. */
    private record Checked(int length, int hash, boolean json) {
        boolean isOf(String spec) {
            return length == spec.length() && hash == spec.hashCode();
        }
    }

    private final Map<String, Checked> checked = new ConcurrentHashMap<>();
    private final Predicate<String> isJson;

    EmbeddedSpecs() {
        this(VerboseInfo::isJsonDocument);
    }

    EmbeddedSpecs(Predicate<String> isJson) {
        this.isJson = isJson;
    }

    /** The container's spec as a value of its verbose info: its JSON text as it is, or a string when not JSON. */
    Object embed(String containerId, String spec) {
        Checked known = checked.get(containerId);
        if (known == null || !known.isOf(spec)) {
            known = new Checked(spec.length(), spec.hashCode(), isJson.test(spec));
            checked.put(containerId, known);
        }
        return known.json() ? VerboseInfo.raw(spec) : TextNode.valueOf(spec);
    }

    /** Once the container is removed. */
    void forget(String containerId) {
        checked.remove(containerId);
    }
}
