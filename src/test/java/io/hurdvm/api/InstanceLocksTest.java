package io.hurdvm.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hurdvm.vm.InstanceName;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class InstanceLocksTest {
    private final InstanceLocks locks = new InstanceLocks();

    @Test
    void secondChange_whileTheFirstRuns_is409_otherInstancesAreFree() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> {
            try {
                return locks.exclusively(InstanceName.of("vm"), () -> {
                    inside.countDown();
                    release.await(10, TimeUnit.SECONDS);
                    return "first";
                });
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();

        assertThatThrownBy(() -> locks.exclusively(InstanceName.of("vm"), () -> "second"))
                .isInstanceOf(ApiException.class).hasMessageContaining("another request is changing instance vm")
                .satisfies(e -> assertThat(((ApiException) e).status()).isEqualTo(409));
        assertThat(locks.exclusively(InstanceName.of("other"), () -> "free")).isEqualTo("free");

        release.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("first");
        assertThat(locks.exclusively(InstanceName.of("vm"), () -> "after")).isEqualTo("after");
    }
}
