package dev.orca.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class DeviceNumberTest {

    @Test
    void encodesSmallNumbersLikeMakedev() {
        assertEquals(0x0103L, new DeviceNumber(1, 3).encode()); // /dev/null
        assertEquals(0x0501L, new DeviceNumber(5, 1).encode()); // /dev/console
        assertEquals(0L, DeviceNumber.NONE.encode());
    }

    @Test
    void encodesLargeNumbersAroundEachOther() {
        // glibc: ((ma & 0xfffff000) << 32) | ((ma & 0xfff) << 8) | ((mi & 0xffffff00) << 12) | (mi & 0xff)
        assertEquals(0x0001_2000_6783_459aL, new DeviceNumber(0x12345, 0x6789a).encode());
    }

    @Test
    void decodesWhatItEncodes() {
        for (int major : new int[] {0, 1, 8, 259, 4095, 4096, 1 << 19}) {
            for (int minor : new int[] {0, 1, 255, 256, 65535, 1 << 19}) {
                DeviceNumber number = new DeviceNumber(major, minor);
                assertEquals(number, DeviceNumber.decode(number.encode()));
            }
        }
    }

    @Test
    void refusesNegativeNumbers() {
        assertThrows(IllegalArgumentException.class, () -> new DeviceNumber(-1, 0));
    }
}
