package io.hurdvm.vm;

import java.time.Duration;

/**
 * Machine profiles: which QEMU machine, disk bus and devices suit a guest.
 *
 * <p>{@link #HURD_AMD64} follows what works upstream for Debian GNU/Hurd 2025 amd64: q35 with the disk
 * on AHCI. {@link #I440FX_IDE} is kept for older images; on i440fx rumpdisk's IDE DMA cannot address
 * 64-bit physical pages, so such guests fail to mount root with 3584 MiB of RAM or more.
 */
public enum Profile {
    HURD_AMD64("hurd-amd64", "q35", Integer.MAX_VALUE),
    I440FX_IDE("i440fx-ide", "pc", 3584);

    /**
     * What {@code down} allows a stop by default, from the first request to the kill: long enough for
     * Hurd's own poweroff under TCG, short enough for someone waiting at a terminal.
     */
    public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(30);

    private final String cliName;
    private final String machine;
    private final int memoryLimitMib;

    Profile(String cliName, String machine, int memoryLimitMib) {
        this.cliName = cliName;
        this.machine = machine;
        this.memoryLimitMib = memoryLimitMib;
    }

    public String cliName() {
        return cliName;
    }

    /** QEMU {@code -machine} type. */
    public String machine() {
        return machine;
    }

    /**
     * Whether a stop asks the guest itself first ({@code sync; poweroff} over SSH) before pressing the
     * ACPI power button. True for every Hurd profile: GNU/Hurd ignores the button, tools that run Hurd
     * in CI stop it with poweroff over SSH, and the Hurd FAQ says to sync before halting.
     */
    public boolean guestPoweroffFirst() {
        return true;
    }

    /** Guest RAM must stay strictly below this many MiB. */
    public int memoryLimitMib() {
        return memoryLimitMib;
    }

    public static Profile parse(String text) {
        for (Profile p : values()) {
            if (p.cliName.equals(text.trim())) {
                return p;
            }
        }
        throw new InvalidSpecException("unknown profile '" + text + "': use hurd-amd64 or i440fx-ide");
    }
}
