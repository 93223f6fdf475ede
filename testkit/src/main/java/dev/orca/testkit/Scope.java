package dev.orca.testkit;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One resource scope of the registry token protocol, {@code repository:library/busybox:pull,push}. */
record Scope(String type, String name, List<String> actions) {

    /**
     * Parses {@code TYPE:NAME:ACTIONS}. The name sits between the first and the last colon, because a type may carry
     * a class ({@code repository(plugin)}) but never a colon, and actions never contain one.
     */
    static Scope parse(String scope) {
        int first = scope.indexOf(':');
        int last = scope.lastIndexOf(':');
        if (first <= 0 || last == first || last == scope.length() - 1 || first + 1 == last) {
            throw new IllegalArgumentException("scope \"" + scope + "\" is not TYPE:NAME:ACTIONS");
        }
        List<String> actions = Arrays.stream(scope.substring(last + 1).split(","))
                .map(String::trim).filter(action -> !action.isEmpty()).distinct().toList();
        return new Scope(scope.substring(0, first), scope.substring(first + 1, last), actions);
    }

    /** The claim distribution checks: {@code {"type":…,"name":…,"actions":[…]}}. */
    Map<String, Object> accessClaim() {
        Map<String, Object> claim = new LinkedHashMap<>();
        claim.put("type", type);
        claim.put("name", name);
        claim.put("actions", actions);
        return claim;
    }

    @Override
    public String toString() {
        return type + ":" + name + ":" + String.join(",", actions);
    }
}
