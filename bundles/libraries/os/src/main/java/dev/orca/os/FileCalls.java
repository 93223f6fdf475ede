package dev.orca.os;

/** The calls that make and dress files which the JDK cannot: special files, extended attributes, own times. */
public record FileCalls(DeviceNodes deviceNodes, ExtendedAttributes extendedAttributes, FileTimes fileTimes) {
}
