package io.hurdvm.vm;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Everything that describes one VM, validated at construction. Immutable; use {@link #builder}.
 *
 * @param baseImage    the read-only image the instance overlay is backed by
 * @param diskSizeBytes virtual size of the overlay; 0 means "the base image's size"
 * @param ssh          the SSH forward (host port 0 = pick a free port at start)
 * @param forwards     further forwards (TCP or UDP), each with a concrete host port, none clashing
 *                     with another or with the SSH forward
 * @param vnc          expose the VGA display over VNC (on a Unix socket in the instance folder)
 * @param unsafeCache  {@code cache=unsafe}: faster, loses data on host crash (CI throwaway guests)
 */
public record VmSpec(
        InstanceName name,
        Profile profile,
        int memoryMib,
        int cpus,
        Accel accel,
        Path baseImage,
        long diskSizeBytes,
        PortForward ssh,
        List<PortForward> forwards,
        boolean vnc,
        boolean unsafeCache,
        RestartPolicy restart) {

    public static final int DEFAULT_MEMORY_MIB = 2048;
    public static final int MIN_MEMORY_MIB = 128;
    public static final int MAX_CPUS = 16;
    /** hurdvm's bound on an overlay's virtual size: far above any Hurd disk, far below qcow2's limits. */
    public static final long MAX_DISK_BYTES = 64L << 40;

    public VmSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(accel, "accel");
        Objects.requireNonNull(baseImage, "baseImage");
        Objects.requireNonNull(ssh, "ssh");
        Objects.requireNonNull(restart, "restart");
        forwards = List.copyOf(forwards);
        if (memoryMib < MIN_MEMORY_MIB) {
            throw new InvalidSpecException("--memory " + memoryMib + " is too small: use at least " + MIN_MEMORY_MIB + " MiB");
        }
        if (memoryMib >= profile.memoryLimitMib()) {
            throw new InvalidSpecException("--memory " + memoryMib + " is too large for profile " + profile.cliName()
                    + ": on i440fx, rumpdisk's IDE DMA cannot address 64-bit pages and root fails to mount"
                    + " with >= " + profile.memoryLimitMib() + " MiB; use less memory or profile hurd-amd64 (q35 + AHCI)");
        }
        if (cpus < 1 || cpus > MAX_CPUS) {
            throw new InvalidSpecException("--cpus " + cpus + " is out of range: use 1-" + MAX_CPUS);
        }
        checkForwards(ssh, forwards);
        if (diskSizeBytes < 0) {
            throw new InvalidSpecException("disk size must not be negative");
        }
        if (diskSizeBytes > MAX_DISK_BYTES) {
            throw new InvalidSpecException("--disk-size of " + diskSizeBytes + " bytes is too large: at most 64T");
        }
    }

    /**
     * Two forwards on one host socket would make QEMU fail at start, after the instance was changed;
     * the SSH forward counts too (its port 0, "pick one at start", clashes with nothing: the
     * supervisor avoids the forwards' ports when it picks).
     */
    private static void checkForwards(PortForward ssh, List<PortForward> forwards) {
        for (int i = 0; i < forwards.size(); i++) {
            PortForward f = forwards.get(i);
            if (f.hostPort() == 0) {
                throw new InvalidSpecException("forward " + f.describe() + " has host port 0: give the host port to listen on");
            }
            if (ssh.hostPort() != 0 && f.clashesWith(ssh)) {
                throw new InvalidSpecException("forward " + f.describe() + " uses SSH's host port " + ssh.hostPort()
                        + ": choose another host port (or another --ssh-port)");
            }
            for (int j = 0; j < i; j++) {
                if (f.clashesWith(forwards.get(j))) {
                    throw new InvalidSpecException("forwards " + forwards.get(j).describe() + " and " + f.describe()
                            + " use the same host port: give each forward its own");
                }
            }
        }
    }

    /** Stock gnumach is uniprocessor; SMP is experimental. The caller shows this as a warning. */
    public boolean smpExperimental() {
        return cpus > 1;
    }

    public static Builder builder(InstanceName name, Path baseImage) {
        return new Builder(name, baseImage);
    }

    public Builder toBuilder() {
        return new Builder(name, baseImage).profile(profile).memoryMib(memoryMib).cpus(cpus).accel(accel)
                .diskSizeBytes(diskSizeBytes).ssh(ssh).forwards(forwards).vnc(vnc).unsafeCache(unsafeCache)
                .restart(restart);
    }

    /** Builder with hurd-amd64 defaults: 2048 MiB, 1 vCPU, auto accel, SSH on 127.0.0.1 (free port). */
    public static final class Builder {
        private final InstanceName name;
        private Path baseImage;
        private Profile profile = Profile.HURD_AMD64;
        private int memoryMib = DEFAULT_MEMORY_MIB;
        private int cpus = 1;
        private Accel accel = Accel.AUTO;
        private long diskSizeBytes;
        private PortForward ssh = PortForward.loopbackSsh(0);
        private List<PortForward> forwards = List.of();
        private boolean vnc;
        private boolean unsafeCache;
        private RestartPolicy restart = RestartPolicy.onFailure();

        private Builder(InstanceName name, Path baseImage) {
            this.name = name;
            this.baseImage = baseImage;
        }

        public Builder baseImage(Path v) { this.baseImage = v; return this; }
        public Builder profile(Profile v) { this.profile = v; return this; }
        public Builder memoryMib(int v) { this.memoryMib = v; return this; }
        public Builder cpus(int v) { this.cpus = v; return this; }
        public Builder accel(Accel v) { this.accel = v; return this; }
        public Builder diskSizeBytes(long v) { this.diskSizeBytes = v; return this; }
        public Builder ssh(PortForward v) { this.ssh = v; return this; }
        public Builder forwards(List<PortForward> v) { this.forwards = v; return this; }
        public Builder vnc(boolean v) { this.vnc = v; return this; }
        public Builder unsafeCache(boolean v) { this.unsafeCache = v; return this; }
        public Builder restart(RestartPolicy v) { this.restart = v; return this; }

        public VmSpec build() {
            return new VmSpec(name, profile, memoryMib, cpus, accel, baseImage, diskSizeBytes, ssh, forwards,
                    vnc, unsafeCache, restart);
        }
    }
}
