package io.hurdvm.lifecycle;

/**
 * One setting of an existing instance that an {@code up} changes.
 *
 * @param setting the flag's name without dashes, e.g. {@code memory}
 * @param from    the saved value, for people ({@code 512 MiB})
 * @param to      the new value, for people
 * @param flags   the {@code up} flags that ask for the new value, e.g. {@code --memory 1024}
 */
public record SettingChange(String setting, String from, String to, String flags) {
    /** e.g. {@code memory 512 MiB -> 1024 MiB}. */
    public String describe() {
        return setting + " " + from + " -> " + to;
    }
}
