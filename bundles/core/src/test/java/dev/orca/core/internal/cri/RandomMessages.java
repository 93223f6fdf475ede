package dev.orca.core.internal.cri;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * Random CRI messages of any type, made from the message's descriptor: each field set or left absent, strings drawn
 * from the shapes that trouble a runtime (paths that climb, profile names, capability names, huge values), numbers
 * from the edges, enums also outside their known numbers, repeated and map fields now and then huge.
 */
final class RandomMessages {

    static final List<String> STRINGS = List.of("", "a", "app", " ", "/", "..", "../../etc", "/etc/passwd",
            "/proc/self", "/dev/null", "/dev/fuse", "/sys", "/tmp", "/var/log/pods", "x.log", "../x.log", "/x.log",
            "runtime/default", "docker/default", "unconfined", "localhost/", "localhost/p.json", "localhost/../../x",
            "CAP_SYS_ADMIN", "SYS_ADMIN", "ALL", "all", "NET_RAW", "CAP_NOPE", "0", "-1", "root", "nobody", "1000",
            "0:0", "a=b", "PATH", "=", "kernel.shm_rmid_forced", "net.ipv4.ip_forward", "kernel.msgmax",
            "fs.file-max", "busybox", "docker.io/library/busybox:latest", "sha256:" + "0".repeat(64), "rw", "rwm",
            "m", "q", "0-3", "0,1", "2M", "1Gi", "/kubepods/pod1", "kubepods", "/a/../b", "pod-1", "-bad-", "a.b",
            "\u0000", "\u00e9\u00e8", "\ud83d\ude00", "%n%s", "${jndi:x}", "\n", "a\nb");

    static final long[] NUMBERS = {0, 1, -1, 2, 100, 1000, 1024, 65535, 65536, 100_000, Integer.MAX_VALUE,
        Integer.MIN_VALUE, (long) Integer.MAX_VALUE + 1, Long.MAX_VALUE, Long.MIN_VALUE, -1000, 4096, 1L << 40};

    private final Random random;

    RandomMessages(Random random) {
        this.random = random;
    }

    @SuppressWarnings("unchecked")
    <M extends Message> M of(M prototype) {
        return (M) fill(prototype.newBuilderForType(), 0).build();
    }

    private Message.Builder fill(Message.Builder builder, int depth) {
        for (FieldDescriptor field : builder.getDescriptorForType().getFields()) {
            if (random.nextInt(3) == 0 || depth > 6 && field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
                continue; // absent
            }
            if (field.isRepeated()) {
                boolean huge = random.nextInt(40) == 0;
                int count = huge ? 500 + random.nextInt(1500) : random.nextInt(4);
                for (int i = 0; i < count; i++) {
                    builder.addRepeatedField(field, huge ? small(builder, field) : value(builder, field, depth));
                }
            } else {
                builder.setField(field, value(builder, field, depth));
            }
        }
        return builder;
    }

    private Object value(Message.Builder builder, FieldDescriptor field, int depth) {
        return switch (field.getJavaType()) {
            case STRING -> string();
            case BYTE_STRING -> ByteString.copyFrom(string(), StandardCharsets.UTF_8);
            case BOOLEAN -> random.nextBoolean();
            case INT -> (int) number();
            case LONG -> number();
            case FLOAT -> (float) number();
            case DOUBLE -> (double) number();
            case ENUM -> enumValue(field.getEnumType());
            case MESSAGE -> fill(builder.newBuilderForField(field), depth + 1).build();
        };
    }

    /** An element of a huge list or map: one value repeated, so that the list's size is what is tried. */
    private Object small(Message.Builder builder, FieldDescriptor field) {
        return switch (field.getJavaType()) {
            case STRING -> "s" + random.nextInt(100_000);
            case MESSAGE -> fill(builder.newBuilderForField(field), 7).build();
            default -> value(builder, field, 7);
        };
    }

    private Object enumValue(EnumDescriptor type) {
        if (random.nextInt(4) == 0) {
            return type.findValueByNumberCreatingIfUnknown(random.nextBoolean() ? 1000 + random.nextInt(10)
                    : -1 - random.nextInt(3));
        }
        return type.getValues().get(random.nextInt(type.getValues().size()));
    }

    String string() {
        return switch (random.nextInt(12)) {
            case 0 -> "x".repeat(random.nextInt(8) == 0 ? 70_000 : 300);
            case 1, 2 -> randomText(1 + random.nextInt(20));
            default -> STRINGS.get(random.nextInt(STRINGS.size()));
        };
    }

    private String randomText(int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append((char) (random.nextInt(5) == 0 ? random.nextInt(0x3000) : 0x20 + random.nextInt(0x5f)));
        }
        return text.toString();
    }

    long number() {
        return random.nextBoolean() ? NUMBERS[random.nextInt(NUMBERS.length)] : random.nextLong() % 100_000;
    }
}
