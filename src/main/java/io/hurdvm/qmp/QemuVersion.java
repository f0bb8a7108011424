package io.hurdvm.qmp;

import java.util.Objects;

/**
 * QEMU version as announced in the QMP greeting.
 *
 * @param packageName distribution build string (e.g. {@code "Debian 1:7.2+dfsg-7"}); empty for upstream builds
 */
public record QemuVersion(int major, int minor, int micro, String packageName) implements Comparable<QemuVersion> {
    public QemuVersion {
        if (major < 0 || minor < 0 || micro < 0) {
            throw new IllegalArgumentException("QEMU version parts must be >= 0, got " + major + "." + minor + "." + micro);
        }
        Objects.requireNonNull(packageName, "packageName");
    }

    public boolean isAtLeast(int wantedMajor, int wantedMinor) {
        return compareTo(new QemuVersion(wantedMajor, wantedMinor, 0, "")) >= 0;
    }

    @Override
    public int compareTo(QemuVersion other) {
        int byMajor = Integer.compare(major, other.major);
        if (byMajor != 0) {
            return byMajor;
        }
        int byMinor = Integer.compare(minor, other.minor);
        return byMinor != 0 ? byMinor : Integer.compare(micro, other.micro);
    }

    /** {@code 7.2.22}, the form QEMU prints for {@code --version}, without the package string. */
    @Override
    public String toString() {
        return major + "." + minor + "." + micro;
    }
}
