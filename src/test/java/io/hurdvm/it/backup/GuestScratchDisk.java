package io.hurdvm.it.backup;

import io.hurdvm.it.HurdvmProcess;
import java.time.Duration;

/**
 * The Linux test guest's raw scratch partition /dev/sda3, driven over SSH with the instance key
 * (`hurdvm ssh`, as a user would; the serial console belongs to the supervisor's provisioning):
 * write random data at a MiB offset, read back a region's SHA-256.
 */
final class GuestScratchDisk implements AutoCloseable {
    private static final Duration STEP = Duration.ofSeconds(120);

    private final HurdvmProcess hv;
    private final String instance;

    private GuestScratchDisk(HurdvmProcess hv, String instance) {
        this.hv = hv;
        this.instance = instance;
    }

    static GuestScratchDisk over(HurdvmProcess hv, String instance) {
        return new GuestScratchDisk(hv, instance);
    }

    void writeRandom(int offsetMib, int lengthMib) throws Exception {
        run("dd if=/dev/urandom of=/dev/sda3 bs=1M count=" + lengthMib + " seek=" + offsetMib + " conv=fsync 2>/dev/null");
    }

    String sha256(int offsetMib, int lengthMib) throws Exception {
        String out = run("dd if=/dev/sda3 bs=1M count=" + lengthMib + " skip=" + offsetMib + " 2>/dev/null | sha256sum").strip();
        return out.substring(0, 64);
    }

    private String run(String command) throws Exception {
        HurdvmProcess.Result r = hv.run(STEP, "ssh", instance, "--", command);
        if (r.exitCode() != 0) {
            throw new AssertionError("guest command failed (" + r.exitCode() + "): " + command + "\n" + r.all());
        }
        return r.stdout();
    }

    @Override
    public void close() {
        // nothing held open: each command is its own SSH session
    }
}
