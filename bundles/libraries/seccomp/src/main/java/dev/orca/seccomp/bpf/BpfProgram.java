package dev.orca.seccomp.bpf;

import java.util.Arrays;
import java.util.HexFormat;

/** A seccomp filter as the kernel loads it: the {@code struct sock_filter} array, 8 bytes per instruction. */
public final class BpfProgram {

    private final byte[] instructions;

    BpfProgram(byte[] instructions) {
        if (instructions.length == 0 || instructions.length % 8 != 0) {
            throw new IllegalArgumentException("a BPF program of " + instructions.length
                    + " bytes is not whole 8-byte instructions");
        }
        this.instructions = instructions.clone();
    }

    /** The number of instructions. */
    public int length() {
        return instructions.length / 8;
    }

    /** The instructions, in the byte order of the machine that compiled them. */
    public byte[] bytes() {
        return instructions.clone();
    }

    /** The instructions as lowercase hex, two digits a byte. */
    public String hex() {
        return HexFormat.of().formatHex(instructions);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof BpfProgram that && Arrays.equals(instructions, that.instructions);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(instructions);
    }

    @Override
    public String toString() {
        return "BPF program of " + length() + " instructions";
    }
}
