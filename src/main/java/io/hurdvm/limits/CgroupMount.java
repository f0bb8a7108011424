package io.hurdvm.limits;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A cgroup filesystem mount from {@code /proc/self/mountinfo}.
 *
 * @param root        the cgroup this mount shows at its top (field 4); in a container without a cgroup
 *                    namespace it is the container's own cgroup, e.g. {@code /docker/abc}
 * @param mountPoint  where it is mounted (field 5), as the kernel names it
 * @param v2          {@code cgroup2} rather than a v1 {@code cgroup} hierarchy
 * @param controllers for v1, the controllers bound to this hierarchy (from the super options); empty for v2
 */
record CgroupMount(String root, String mountPoint, boolean v2, Set<String> controllers) {

    CgroupMount {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(mountPoint, "mountPoint");
        controllers = Set.copyOf(controllers);
    }

    /**
     * Parses mountinfo text and keeps the cgroup mounts. Line format (proc(5)):
     * {@code 36 35 0:30 / /sys/fs/cgroup/memory rw,relatime shared:9 - cgroup cgroup rw,memory}; the
     * optional fields before {@code -} vary in number, so fields after it are found from the separator.
     */
    static List<CgroupMount> parseMountInfo(String text) {
        List<CgroupMount> mounts = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] fields = line.trim().split(" ");
            int separator = List.of(fields).indexOf("-");
            if (separator < 6 || fields.length < separator + 4) {
                continue;
            }
            String fsType = fields[separator + 1];
            if (fsType.equals("cgroup2")) {
                mounts.add(new CgroupMount(unescape(fields[3]), unescape(fields[4]), true, Set.of()));
            } else if (fsType.equals("cgroup")) {
                Set<String> controllers = Set.copyOf(Arrays.asList(fields[separator + 3].split(",")));
                mounts.add(new CgroupMount(unescape(fields[3]), unescape(fields[4]), false, controllers));
            }
        }
        return List.copyOf(mounts);
    }

    /**
     * Where {@code cgroupPath} (as {@code /proc/self/cgroup} names it) lives below this mount. The
     * mount root is stripped first; a path outside the mount root (seen with some container runtimes)
     * falls back to the mount point, the closest cgroup this process can see.
     */
    String directoryOf(String cgroupPath) {
        String relative;
        if (root.equals("/")) {
            relative = cgroupPath;
        } else if (cgroupPath.equals(root) || cgroupPath.startsWith(root + "/")) {
            relative = cgroupPath.substring(root.length());
        } else {
            relative = "";
        }
        String dir = mountPoint + (relative.equals("/") ? "" : relative);
        return dir.length() > 1 && dir.endsWith("/") ? dir.substring(0, dir.length() - 1) : dir;
    }

    /** mountinfo escapes space, tab, newline and backslash as three-digit octal ({@code \040}). */
    private static String unescape(String field) {
        StringBuilder out = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length() && isOctal(field.substring(i + 1, i + 4))) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isOctal(String digits) {
        return digits.chars().allMatch(d -> d >= '0' && d <= '7');
    }
}
