package dev.orca.runtime.crio.internal;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/** Where handler configurations live (Configuration Admin), seen as this bundle needs it. */
interface HandlerConfigurationStore {

    /** The configurations made from runtime tables, earlier or in an earlier run, by table name. */
    Map<String, Map<String, Object>> ours() throws IOException;

    /** Creates or replaces the configuration of {@code table}; says what happened. */
    Change put(String table, Map<String, Object> properties) throws IOException;

    void delete(String table) throws IOException;

    /** The handler configurations not made from runtime tables, such as deploy/'s .cfg files. */
    List<OtherHandler> others() throws IOException;

    enum Change { CREATED, UPDATED, UNCHANGED }

    /** A handler configuration of someone else's: PID, handler name, default mark, service.ranking, file if any. */
    record OtherHandler(String pid, String handler, boolean isDefault, int ranking, String file) {
    }
}
