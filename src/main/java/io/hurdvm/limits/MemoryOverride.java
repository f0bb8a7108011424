package io.hurdvm.limits;

import java.util.Map;
import java.util.Optional;

/**
 * {@code HURDVM_MEMORY_LIMIT_MIB}: an operator or a test imposes a memory limit lower than what the
 * kernel reports, e.g. to keep room for other services, or to exercise the refusal path on a big
 * machine. It is one more limit; the smallest still wins, so it can never raise a real one.
 */
public final class MemoryOverride {

    public static final String VARIABLE = "HURDVM_MEMORY_LIMIT_MIB";

    private MemoryOverride() {
    }

    public static Optional<MemoryLimit> fromEnvironment(Map<String, String> environment) {
        String value = environment.get(VARIABLE);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        long mib;
        try {
            mib = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            mib = -1;
        }
        if (mib <= 0 || mib > Long.MAX_VALUE >> 20) {
            throw new LimitsUnreadableException(VARIABLE + "='" + value + "' is not a positive number of MiB: set e.g. "
                    + VARIABLE + "=4096 or unset it");
        }
        return Optional.of(new MemoryLimit(mib << 20, LimitSource.OVERRIDE, "environment " + VARIABLE));
    }
}
