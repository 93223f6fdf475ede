package dev.orca.spi.oci;

import java.util.List;

/** {@code process}: what runs, as whom, with which privileges. */
public record OciProcess(Boolean terminal, OciUser user, List<String> args, List<String> env, String cwd,
        OciCapabilities capabilities, List<OciRlimit> rlimits, Boolean noNewPrivileges, Integer oomScoreAdj,
        String apparmorProfile) {
}
