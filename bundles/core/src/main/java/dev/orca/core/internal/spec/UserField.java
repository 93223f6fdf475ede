package dev.orca.core.internal.spec;

/**
 * An image's USER as its config gives it: {@code name}, {@code uid}, {@code name:group} or {@code uid:gid}; the
 * user and the group are each a name or a number.
 *
 * @param user the part before the colon, or the whole field (empty: root)
 * @param group the part after the colon, empty when there is none
 */
public record UserField(String user, String group) {

    public static UserField parse(String field) {
        int colon = field.indexOf(':');
        return colon < 0 ? new UserField(field, "") : new UserField(field.substring(0, colon),
                field.substring(colon + 1));
    }

    /** Whether a user, group or id field is a number (ASCII digits, short enough to be a long), as a uid or gid is. */
    public static boolean isNumber(String s) {
        if (s.isEmpty() || s.length() > 18) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
