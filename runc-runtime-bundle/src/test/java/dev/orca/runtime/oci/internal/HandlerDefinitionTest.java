package dev.orca.runtime.oci.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orca.spi.HandlerConfiguration;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class HandlerDefinitionTest {

    @Test
    void everyConfigurationAttributeIsAKeyTheSpiNames() throws IllegalAccessException {
        Set<Object> keys = new HashSet<>();
        for (Field field : HandlerConfiguration.class.getFields()) {
            keys.add(field.get(null));
        }
        Set<String> attributes = Arrays.stream(OciRuntimeHandlerConfiguration.class.getDeclaredMethods())
                .map(Method::getName).map(name -> name.replace('_', '.')).collect(Collectors.toSet());

        assertTrue(keys.containsAll(attributes), attributes + " not all in " + keys);
    }

    @Test
    void readsARuntimePacksDefinitionByTheSameKeys() {
        Properties p = new Properties();
        p.setProperty("orca.runtime.handler", "crun");
        p.setProperty("runtime.path", "/usr/bin/crun");
        p.setProperty("runtime.args", "--debug");
        p.setProperty("privileged.without.host.devices", "true");

        HandlerDefinition definition = HandlerDefinition.of(p);

        assertEquals("crun", definition.name());
        assertEquals("/usr/bin/crun", definition.runtimePath());
        assertEquals(List.of("--debug"), definition.runtimeArgs());
        assertEquals("oci", definition.runtimeType());
        assertEquals("/usr/bin/conmon", definition.monitorPath());
        assertTrue(definition.privilegedWithoutHostDevices());
    }
}
