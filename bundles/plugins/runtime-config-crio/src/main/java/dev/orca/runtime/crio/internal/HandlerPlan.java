package dev.orca.runtime.crio.internal;

import java.util.List;
import java.util.Map;

/**
 * What the runtime tables come to: one handler configuration's properties per table that can be served (by table
 * name, sorted), a line per table that cannot and why, and notes worth an operator's eye (ignored keys, the
 * default).
 */
record HandlerPlan(Map<String, Map<String, Object>> configurations, List<String> refused, List<String> notes) {
}
