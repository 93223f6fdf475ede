package dev.orca.core.internal.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.orca.spi.ImageStore;
import dev.orca.spi.RuntimeHandler;
import dev.orca.spi.StorageDriver;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Constants;

class ServiceTableTest {

    @Test
    void eachServiceShowsItsKeyPropertiesAndBundleAndAnAbsentServiceSaysSo() {
        Map<String, List<ServiceTable.Registration>> registered = Map.of(
                RuntimeHandler.class.getName(), List.of(
                        new ServiceTable.Registration(Map.of(Constants.SERVICE_ID, 40L, RuntimeHandler.HANDLER, "runc",
                                RuntimeHandler.DEFAULT, true, "runtime.path", "/usr/sbin/runc"),
                                "dev.orca.runtime.oci 0.1.0.SNAPSHOT [12]"),
                        new ServiceTable.Registration(Map.of(Constants.SERVICE_ID, 41L, RuntimeHandler.HANDLER, "crun",
                                Constants.SERVICE_RANKING, 10), "dev.orca.runtime.oci 0.1.0.SNAPSHOT [12]")),
                ImageStore.class.getName(), List.of(new ServiceTable.Registration(Map.of(Constants.SERVICE_ID, 7L),
                        "dev.orca.image 0.1.0.SNAPSHOT [9]")));

        String table = ServiceTable.of(List.of(SpiServices.ALL.get(0), SpiServices.ALL.get(1),
                new SpiServices(StorageDriver.class.getName(), List.of(StorageDriver.DRIVER))),
                type -> registered.getOrDefault(type, List.of()));

        assertEquals("""
                SERVICE         ID  PROPERTIES                                           BUNDLE
                RuntimeHandler  40  orca.runtime.handler=runc,orca.runtime.default=true  dev.orca.runtime.oci 0.1.0.SNAPSHOT [12]
                RuntimeHandler  41  orca.runtime.handler=crun,service.ranking=10         dev.orca.runtime.oci 0.1.0.SNAPSHOT [12]
                ImageStore      7   -                                                    dev.orca.image 0.1.0.SNAPSHOT [9]
                StorageDriver   -   -                                                    none registered""", table);
    }

    @Test
    void everySpiServiceInterfaceIsListed() {
        assertEquals(List.of("RuntimeHandler", "ImageStore", "StorageDriver", "PodNetwork",
                "SecurityProfileProvider", "StreamingServer"),
                SpiServices.ALL.stream().map(SpiServices::simpleName).toList());
    }
}
