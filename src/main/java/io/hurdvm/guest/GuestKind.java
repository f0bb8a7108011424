package io.hurdvm.guest;

/** What runs in the guest, from {@code uname -s}: "GNU" on GNU/Hurd, "Linux" on the test guest. */
public enum GuestKind {
    HURD, LINUX, OTHER;

    public static GuestKind fromUname(String unameS) {
        return switch (unameS.trim()) {
            case "GNU" -> HURD;
            case "Linux" -> LINUX;
            default -> OTHER;
        };
    }
}
