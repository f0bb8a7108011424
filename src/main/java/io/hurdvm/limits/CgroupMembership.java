package io.hurdvm.limits;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One line of {@code /proc/self/cgroup}: {@code hierarchy-id:controllers:path}. The v2 line is
 * {@code 0::/path}; a v1 line names its controllers, e.g. {@code 4:memory:/docker/abc}.
 */
record CgroupMembership(int hierarchyId, Set<String> controllers, String path) {

    CgroupMembership {
        Objects.requireNonNull(path, "path");
        controllers = Set.copyOf(controllers);
    }

    boolean isV2() {
        return hierarchyId == 0 && controllers.isEmpty();
    }

    static List<CgroupMembership> parse(String text) {
        List<CgroupMembership> entries = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] parts = line.trim().split(":", 3);
            if (parts.length != 3 || parts[0].isEmpty() || !parts[0].chars().allMatch(Character::isDigit)) {
                continue;
            }
            Set<String> controllers = parts[1].isEmpty() ? Set.of() : Set.copyOf(Arrays.asList(parts[1].split(",")));
            entries.add(new CgroupMembership(Integer.parseInt(parts[0]), controllers, parts[2]));
        }
        return List.copyOf(entries);
    }
}
