package io.hurdvm.it.backup;

import io.hurdvm.console.ExpectSession;
import io.hurdvm.guest.CommandResult;
import io.hurdvm.guest.ConsoleShell;
import io.hurdvm.instance.InstancePaths;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * The Linux test guest's raw scratch partition /dev/sda3, driven through the serial console as
 * root (empty password): write random data at a MiB offset, read back a region's SHA-256.
 */
final class GuestScratchDisk implements AutoCloseable {
    private static final Pattern LOGIN = Pattern.compile("(?<!Last )login: *\\z");
    private static final Pattern SHELL = Pattern.compile("[#$] *(\\e\\[[0-9;?]*[A-Za-z])* *\\z");
    private static final Duration STEP = Duration.ofSeconds(60);

    private final ExpectSession console;
    private final ConsoleShell shell;

    private GuestScratchDisk(ExpectSession console) {
        this.console = console;
        this.shell = new ConsoleShell(console);
    }

    static GuestScratchDisk login(Path instanceDir) {
        ExpectSession console = ExpectSession.connect(InstancePaths.forDir(instanceDir).consoleSocket(), Duration.ofSeconds(10));
        console.send("\r");
        int seen = console.expectAny(STEP, LOGIN, SHELL);
        if (seen == 0) {
            console.sendLine("root");
            console.expect(SHELL, STEP);
        }
        return new GuestScratchDisk(console);
    }

    void writeRandom(int offsetMib, int lengthMib) {
        run("dd if=/dev/urandom of=/dev/sda3 bs=1M count=" + lengthMib + " seek=" + offsetMib + " conv=fsync 2>/dev/null");
    }

    String sha256(int offsetMib, int lengthMib) {
        String out = run("dd if=/dev/sda3 bs=1M count=" + lengthMib + " skip=" + offsetMib + " 2>/dev/null | sha256sum").strip();
        return out.substring(0, 64);
    }

    private String run(String command) {
        CommandResult r = shell.exec(command, STEP);
        if (r.exitStatus() != 0) {
            throw new AssertionError("guest command failed (" + r.exitStatus() + "): " + command + "\n" + r.output());
        }
        return r.output();
    }

    @Override
    public void close() {
        console.close();
    }
}
