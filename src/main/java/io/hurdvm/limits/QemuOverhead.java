package io.hurdvm.limits;

/**
 * Memory needed on top of guest RAM: {@code fixedMib + percentOfGuest% of guest RAM}, rounded to the
 * nearest MiB. The default is 256 MiB + 3%, so a 2048 MiB guest needs 2048 + 317 = 2365 MiB.
 *
 * <p>Why these numbers. Measured with qemu-system-x86_64 7.2, {@code -accel tcg}, one vCPU, booting a
 * Debian kernel and initramfs for 45-60 s, from {@code /proc/PID/smaps}: everything outside the guest-RAM
 * mapping was 163-176 MiB resident for 512, 2048 and 4096 MiB guests alike (29 MiB of that was the
 * initrd file), of which 76-88 MiB was TCG's translation cache (a 1 GiB mapping that fills as the guest
 * runs new code) and ~60 MiB QEMU itself (binary, libraries, device models, 16 MiB VGA memory). So:
 * <ul>
 *   <li>256 MiB fixed = ~150 MiB QEMU including a booted guest's translation cache, plus ~100 MiB for
 *       hurdvm's own JVM, which shares the cgroup when hurdvm runs in a container.</li>
 *   <li>3% of guest RAM = what grows with the guest: host page tables for the RAM mapping (0.2%),
 *       kernel memory and page cache of the disk image charged to the same cgroup, and more translated
 *       code as bigger guests run bigger workloads. This part is a margin, not a measurement: QEMU's
 *       user-space overhead did not grow with guest RAM in the runs above.</li>
 * </ul>
 * The translation cache can grow to its full 1 GiB mapping under a guest that keeps running new code.
 * For the model to be a bound rather than an estimate, the launcher caps it with QEMU's
 * {@code -accel tcg,tb-size=N} (MiB); a cap above ~96 MiB should raise {@code fixedMib} by the difference.
 */
public record QemuOverhead(int fixedMib, int percentOfGuest) {

    public static final QemuOverhead DEFAULT = new QemuOverhead(256, 3);

    public QemuOverhead {
        if (fixedMib < 0 || percentOfGuest < 0 || percentOfGuest > 100) {
            throw new IllegalArgumentException("overhead model " + fixedMib + " MiB + " + percentOfGuest + "% is not valid");
        }
    }

    public long mibFor(int guestMemoryMib) {
        return fixedMib + Math.round(guestMemoryMib * percentOfGuest / 100.0);
    }

    @Override
    public String toString() {
        return fixedMib + " MiB + " + percentOfGuest + "% of guest RAM";
    }
}
