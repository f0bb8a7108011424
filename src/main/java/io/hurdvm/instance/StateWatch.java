package io.hurdvm.instance;

import io.hurdvm.time.Deadline;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Wakes a waiter when a file is put in place in an instance's folder under one name (the supervisor
 * replaces state.json by a rename: inotify through the JDK's WatchService), instead of reading
 * state.json every 10-25 ms. Only creations count (a rename into place is one): the logs beside it
 * are written all the time.
 * A clone's CLI read and parsed it ~100 times per start that way, and the JIT compiled the loop: CPU
 * that 4 clones started together on 2 cores take from each other. Each wait is still bounded (the
 * caller also looks at what no file announces: a supervisor that died); where the folder cannot be
 * watched, it is a plain pause.
 */
public final class StateWatch implements AutoCloseable {
    private final WatchService watch;
    private final Path name;

    private StateWatch(WatchService watch, Path name) {
        this.watch = watch;
        this.name = name;
    }

    /** Watches {@code file}; on a file system without change notification, waits are pauses. */
    public static StateWatch on(Path file) {
        WatchService watch = null;
        try {
            watch = FileSystems.getDefault().newWatchService();
            file.toAbsolutePath().getParent().register(watch, StandardWatchEventKinds.ENTRY_CREATE);
            return new StateWatch(watch, file.getFileName());
        } catch (IOException | UnsupportedOperationException e) {
            closeQuietly(watch);
            return new StateWatch(null, file.getFileName());
        }
    }

    /** Returns when the file was put in place, after {@code max}, or at the deadline, whichever comes first. */
    public void await(Deadline deadline, Duration max) throws InterruptedException {
        Deadline wait = Deadline.after(deadline.upTo(max));
        if (watch == null) {
            wait.pause(wait.remaining());
            return;
        }
        boolean seen = false;
        while (!seen && !wait.passed()) {
            WatchKey key = watch.poll(wait.remaining().toNanos(), TimeUnit.NANOSECONDS);
            while (key != null) { // one wake-up for all that happened meanwhile
                for (WatchEvent<?> e : key.pollEvents()) {
                    // an overflow lost events: look, to be sure
                    seen |= e.kind() == StandardWatchEventKinds.OVERFLOW || name.equals(e.context());
                }
                key.reset();
                key = watch.poll();
            }
        }
    }

    @Override
    public void close() {
        closeQuietly(watch);
    }

    private static void closeQuietly(WatchService watch) {
        if (watch == null) {
            return;
        }
        try {
            watch.close();
        } catch (IOException e) {
            // nothing held but the inotify descriptor, which close gives back regardless
        }
    }
}
