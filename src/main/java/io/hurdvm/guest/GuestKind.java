package io.hurdvm.guest;

/** What runs in the guest, from {@code uname -s}: "GNU" on GNU/Hurd, "Linux" on the test guest. */
public enum GuestKind {
    HURD, LINUX, OTHER;

    public static GuestKind fromUname(String unameS) {
        // Keep only the last word: terminal control codes may precede it.
        String[] words = unameS.trim().split("\\s+");
        return switch (words[words.length - 1]) {
            case "GNU" -> HURD;
            case "Linux" -> LINUX;
            default -> OTHER;
        };
    }
}
