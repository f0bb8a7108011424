package io.hurdvm.storage.schedule;

import io.hurdvm.instance.InstancePaths;
import io.hurdvm.instance.JsonFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The schedules of one instance in {@code schedules.json}. The CLI adds and removes entries while the
 * supervisor records runs, so every change is a read-modify-write under an exclusive lock on a side
 * file, and the write itself is atomic (readers never see half a file).
 */
public final class ScheduleStore {
    /** The file's shape: an object, so fields can be added later without breaking old readers. */
    record SchedulesFile(List<ScheduleEntry> schedules) {
        SchedulesFile {
            schedules = schedules == null ? List.of() : List.copyOf(schedules);
        }
    }

    /** One JVM may hold a FileLock on a file only once: threads of one process queue here first. */
    private static final Object IN_PROCESS = new Object();

    private final Path file;
    private final Path lockFile;

    public ScheduleStore(Path file) {
        this.file = file;
        this.lockFile = file.resolveSibling("." + file.getFileName() + ".lock");
    }

    public static ScheduleStore of(InstancePaths paths) {
        return new ScheduleStore(paths.dir().resolve("schedules.json"));
    }

    public Path file() {
        return file;
    }

    public List<ScheduleEntry> load() {
        return Files.isRegularFile(file) ? JsonFiles.read(file, SchedulesFile.class).schedules() : List.of();
    }

    public Optional<ScheduleEntry> find(String id) {
        return load().stream().filter(e -> e.id().equals(id)).findFirst();
    }

    /** Adds {@code entry}; an entry with the same id is an error, not replaced. */
    public void add(ScheduleEntry entry) {
        update(entries -> {
            if (entries.stream().anyMatch(e -> e.id().equals(entry.id()))) {
                throw new IllegalArgumentException("a schedule with id '" + entry.id() + "' exists already:"
                        + " remove it first ('hurdvm schedule rm') or choose another --id");
            }
            List<ScheduleEntry> next = new ArrayList<>(entries);
            next.add(entry);
            return next;
        });
    }

    /** @return whether there was such a schedule */
    public boolean remove(String id) {
        boolean[] found = new boolean[1];
        update(entries -> {
            List<ScheduleEntry> next = new ArrayList<>(entries);
            found[0] = next.removeIf(e -> e.id().equals(id));
            return next;
        });
        return found[0];
    }

    /** Replaces the entry with {@code id} by {@code change} of it; no-op if it was removed meanwhile. */
    public void modify(String id, UnaryOperator<ScheduleEntry> change) {
        update(entries -> entries.stream().map(e -> e.id().equals(id) ? change.apply(e) : e).toList());
    }

    private void update(UnaryOperator<List<ScheduleEntry>> change) {
        synchronized (IN_PROCESS) {
            try (FileChannel ch = FileChannel.open(lockFile, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                 FileLock ignored = ch.lock()) {
                JsonFiles.writeAtomically(file, new SchedulesFile(change.apply(load())));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot update " + file + ": " + e.getMessage(), e);
            }
        }
    }
}
