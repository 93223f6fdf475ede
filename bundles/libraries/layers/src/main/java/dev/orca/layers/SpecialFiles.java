package dev.orca.layers;

/** Whether a layer may create device nodes and fifos (mknod), or such entries are refused. */
public enum SpecialFiles {
    ALLOW,
    REFUSE
}
