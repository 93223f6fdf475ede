package dev.orca.core.internal.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class UserFieldTest {

    @Test
    void theUserAndTheGroupAreSplitAtTheFirstColon() {
        assertEquals(new UserField("nginx", ""), UserField.parse("nginx"));
        assertEquals(new UserField("1000", "100"), UserField.parse("1000:100"));
        assertEquals(new UserField("", "wheel"), UserField.parse(":wheel"));
        assertEquals(new UserField("", ""), UserField.parse(""));
    }

    @Test
    void aNumberIsAsciiDigitsThatFitALong() {
        assertTrue(UserField.isNumber("0"));
        assertTrue(UserField.isNumber("65534"));
        assertFalse(UserField.isNumber(""));
        assertFalse(UserField.isNumber("-1"));
        assertFalse(UserField.isNumber("1000x"));
        assertFalse(UserField.isNumber("\u0661\u0662"), "Arabic-Indic digits are a name");
        assertFalse(UserField.isNumber("1234567890123456789"), "19 digits: a name, not an overflow");
    }
}
