package io.hurdvm.qemu;

import io.hurdvm.qmp.QemuVersion;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which QEMU build runs: version and distribution package, e.g. {@code 7.2.22 (Debian 1:7.2+dfsg-7+deb12u18+b3)}.
 * A saved machine state is restored only by the build that saved it: QEMU promises migration
 * compatibility between versions only for versioned machine types, and a distribution's patches
 * can change device state too.
 */
public record QemuBuild(String text) {
    private static final Pattern VERSION_LINE = Pattern.compile("QEMU emulator version (\\d+\\.\\d+\\.\\d+)\\s*(.*)");

    /** From the QMP greeting of a running QEMU (the one that saves a state). */
    public static QemuBuild of(QemuVersion version) {
        return new QemuBuild(version + packageSuffix(version.packageName()));
    }

    /** Asks {@code binary --version}: the QEMU a clone would start. */
    public static QemuBuild probe(CommandRunner runner, String binary) {
        CommandResult r = runner.run(List.of(binary, "--version"), Duration.ofSeconds(20));
        return parse(r.stdout().lines().findFirst().orElse(""))
                .orElseThrow(() -> new CommandFailedException("cannot tell the version of " + binary + " from '"
                        + r.stdout().lines().findFirst().orElse(r.lastErrorLine()) + "'", (Throwable) null));
    }

    static java.util.Optional<QemuBuild> parse(String firstLine) {
        Matcher m = VERSION_LINE.matcher(firstLine.strip());
        return m.matches() ? java.util.Optional.of(new QemuBuild(m.group(1) + packageSuffix(m.group(2))))
                : java.util.Optional.empty();
    }

    /** " (Debian 1:7.2+dfsg-7)" from " (Debian 1:7.2+dfsg-7)", "(Debian ...)" or "Debian ..."; "" for none. */
    private static String packageSuffix(String pkg) {
        String p = pkg == null ? "" : pkg.strip();
        if (p.startsWith("(") && p.endsWith(")")) {
            p = p.substring(1, p.length() - 1).strip();
        }
        return p.isEmpty() ? "" : " (" + p + ")";
    }

    @Override
    public String toString() {
        return text;
    }
}
