package io.hurdvm.api;

import io.hurdvm.vm.InstanceName;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One changing request per instance at a time inside this daemon: a second {@code up} while the
 * first still waits for the boot would race it on the instance folder. The second gets 409 at once
 * rather than queueing behind a wait that may last minutes.
 */
public final class InstanceLocks {
    private final ConcurrentMap<InstanceName, ReentrantLock> locks = new ConcurrentHashMap<>();

    public <T> T exclusively(InstanceName name, Callable<T> action) throws Exception {
        ReentrantLock lock = locks.computeIfAbsent(name, n -> new ReentrantLock());
        if (!lock.tryLock()) {
            throw ApiException.conflict("another request is changing instance " + name + ": retry when it has finished");
        }
        try {
            return action.call();
        } finally {
            lock.unlock();
        }
    }
}
