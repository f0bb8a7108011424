package io.hurdvm.qemu;

import io.hurdvm.vm.InvalidSpecException;
import java.util.Locale;
import java.util.Map;

/**
 * How QEMU does disk I/O on this host: an operator's choice for all instances, not part of a VM's
 * spec (it depends on the host: io_uring needs a kernel and a seccomp profile that allow it, which
 * Docker's default profile does not). The default, thread-pool I/O through the host's page cache,
 * works everywhere; README "Guest performance" has the measurements that kept it.
 *
 * @param aio         {@code threads} (QEMU's default), {@code io_uring} or {@code native} (Linux AIO,
 *                    which QEMU allows only with {@code cacheDirect})
 * @param cacheDirect open the overlay with O_DIRECT, bypassing the host's page cache
 */
public record DiskIo(String aio, boolean cacheDirect) {
    public static final String AIO_ENV = "HURDVM_QEMU_AIO";
    public static final String CACHE_DIRECT_ENV = "HURDVM_QEMU_CACHE_DIRECT";
    public static final DiskIo DEFAULT = new DiskIo("threads", false);

    public DiskIo {
        if (!aio.equals("threads") && !aio.equals("io_uring") && !aio.equals("native")) {
            throw new InvalidSpecException("invalid " + AIO_ENV + " '" + aio.replaceAll("\\p{Cntrl}", "?")
                    + "': use threads, io_uring or native");
        }
        if (aio.equals("native") && !cacheDirect) {
            throw new InvalidSpecException(AIO_ENV + "=native needs " + CACHE_DIRECT_ENV + "=on (QEMU refuses Linux AIO through the page cache)");
        }
    }

    /** From {@value #AIO_ENV} and {@value #CACHE_DIRECT_ENV} ({@code on}/{@code off}); unset means the default. */
    public static DiskIo fromEnvironment(Map<String, String> env) {
        String aio = env.getOrDefault(AIO_ENV, "").strip();
        String direct = env.getOrDefault(CACHE_DIRECT_ENV, "").strip().toLowerCase(Locale.ROOT);
        boolean cacheDirect = switch (direct) {
            case "", "off", "0", "false" -> false;
            case "on", "1", "true" -> true;
            default -> throw new InvalidSpecException("invalid " + CACHE_DIRECT_ENV + " '" + direct.replaceAll("\\p{Cntrl}", "?") + "': use on or off");
        };
        return new DiskIo(aio.isEmpty() ? DEFAULT.aio() : aio, cacheDirect);
    }
}
