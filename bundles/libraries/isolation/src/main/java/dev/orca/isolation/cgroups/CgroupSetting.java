package dev.orca.isolation.cgroups;

/**
 * One value to write to one control file.
 *
 * @param controller the controller whose hierarchy holds the file (v1), or that must be enabled for it (v2)
 * @param file the control file's name
 * @param value what to write
 * @param optional skipped when the file does not exist (swap accounting turned off, for instance)
 */
public record CgroupSetting(String controller, String file, String value, boolean optional) {

    static CgroupSetting of(String controller, String file, Object value) {
        return new CgroupSetting(controller, file, String.valueOf(value), false);
    }

    static CgroupSetting optional(String controller, String file, Object value) {
        return new CgroupSetting(controller, file, String.valueOf(value), true);
    }
}
