package dev.orca.isolation.cgroups;

import java.io.IOException;

/** A cgroup directory could not be removed because processes or child cgroups are still in it. */
public class CgroupBusyException extends IOException {

    private static final long serialVersionUID = 1L;

    public CgroupBusyException(String message) {
        super(message);
    }
}
