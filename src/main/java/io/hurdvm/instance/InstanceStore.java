package io.hurdvm.instance;

import io.hurdvm.proc.ProcStat;
import io.hurdvm.env.HostEnvironment;
import io.hurdvm.proc.PrivateDirectory;
import io.hurdvm.vm.InstanceName;
import io.hurdvm.vm.InvalidSpecException;
import io.hurdvm.vm.VmSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The instance folders under {@code HURDVM_HOME/instances}, one per instance. */
public final class InstanceStore {
    /** Creates the instance disk (a qcow2 overlay) at the given path. */
    @FunctionalInterface
    public interface DiskFactory {
        void create(VmSpec spec, Path overlay);
    }

    private final Path instancesDir;
    private final Path runtimeBase;

    /** @param env supplies {@code HURDVM_RUNTIME_DIR}, where sockets go whose path in the instance folder is too long */
    public InstanceStore(Path home, HostEnvironment env) {
        this.instancesDir = home.resolve("instances");
        this.runtimeBase = InstancePaths.runtimeBase(env);
    }

    public Path instancesDir() {
        return instancesDir;
    }

    public InstancePaths paths(InstanceName name) {
        return InstancePaths.forDir(instancesDir.resolve(name.value()), runtimeBase);
    }

    public boolean exists(InstanceName name) {
        return Files.isRegularFile(paths(name).specFile());
    }

    /**
     * Creates the folder, disk and spec of a new instance. Everything is built in a hidden folder
     * that is renamed into place last, so a failure leaves no half-created instance behind.
     */
    public InstancePaths create(VmSpec spec, DiskFactory disks) {
        return create(spec, disks, staged -> { });
    }

    /** As {@link #create(VmSpec, DiskFactory)}, with {@code extras} adding files to the hidden folder first. */
    public InstancePaths create(VmSpec spec, DiskFactory disks, java.util.function.Consumer<InstancePaths> extras) {
        InstancePaths target = paths(spec.name());
        if (Files.exists(target.dir())) {
            throw new InvalidSpecException("instance " + spec.name() + " already exists");
        }
        Path staging = workFolder(spec.name(), "creating");
        try {
            PrivateDirectory.ensureOwned(instancesDir);
            Files.createDirectory(staging, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            InstancePaths staged = InstancePaths.forDir(staging, runtimeBase);
            disks.create(spec, staged.disk());
            extras.accept(staged);
            JsonFiles.writeAtomically(staged.specFile(), StoredSpec.from(spec));
            JsonFiles.writeAtomically(staged.stateFile(), InstanceState.created());
            Files.move(staging, target.dir(), StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create instance " + spec.name() + " in " + instancesDir + ": " + e.getMessage(), e);
        } finally {
            deleteRecursively(staging);
        }
    }

    /**
     * A hidden folder of this process beside the instances, where {@code name} is being built ("creating",
     * "restoring"): {@code .NAME.WHAT-PID}. Never listed as an instance; see {@link #removeWorkFolders}.
     */
    public Path workFolder(InstanceName name, String what) {
        return instancesDir.resolve("." + name.value() + "." + what + "-" + ProcessHandle.current().pid());
    }

    /**
     * Deletes the work folders of {@code name} that a killed create or restore left (their process is gone).
     *
     * @return how many were deleted
     */
    public int removeWorkFolders(InstanceName name) {
        if (!Files.isDirectory(instancesDir)) {
            return 0;
        }
        Pattern ours = Pattern.compile(Pattern.quote("." + name.value() + ".") + "[a-z]+-(\\d+)");
        int removed = 0;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(instancesDir)) {
            for (Path p : ds) {
                Matcher m = ours.matcher(p.getFileName().toString());
                if (m.matches() && ProcessHandle.of(Long.parseLong(m.group(1))).map(h -> !ProcStat.isRunning(h)).orElse(true)) {
                    deleteRecursively(p);
                    removed++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + instancesDir + ": " + e.getMessage(), e);
        }
        return removed;
    }

    public VmSpec loadSpec(InstanceName name) {
        return JsonFiles.read(paths(name).specFile(), StoredSpec.class).toSpec();
    }

    public void saveSpec(VmSpec spec) {
        JsonFiles.writeAtomically(paths(spec.name()).specFile(), StoredSpec.from(spec));
    }

    public Optional<InstanceState> readState(InstanceName name) {
        Path f = paths(name).stateFile();
        return Files.isRegularFile(f) ? Optional.of(JsonFiles.read(f, InstanceState.class)) : Optional.empty();
    }

    public List<InstanceName> list() {
        if (!Files.isDirectory(instancesDir)) {
            return List.of();
        }
        List<InstanceName> names = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(instancesDir)) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                if (!n.startsWith(".") && Files.isRegularFile(p.resolve("spec.json"))) {
                    names.add(InstanceName.of(n));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        names.sort(Comparator.comparing(InstanceName::value));
        return names;
    }

    /** Deletes the instance folder and its socket folder. The caller makes sure nothing runs. */
    public void remove(InstanceName name) {
        InstancePaths p = paths(name);
        deleteRecursively(p.dir());
        if (!p.socketDir().equals(p.dir())) {
            deleteRecursively(p.socketDir());
        }
    }

    /** Deletes a folder tree (a missing one is fine); also for other stores' staging and removal. */
    public static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root + ": " + e.getMessage(), e);
        }
    }
}
