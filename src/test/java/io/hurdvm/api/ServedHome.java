package io.hurdvm.api;

import io.hurdvm.it.HurdvmProcess;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A private HURDVM_HOME per test and the {@code hurdvm serve} started on it; after each test the
 * daemon is closed, then every supervisor and QEMU of the home is stopped by pid. Register with
 * {@code @RegisterExtension}.
 */
public final class ServedHome implements BeforeEachCallback, AfterEachCallback {
    private HurdvmProcess hv;
    private ServeProcess serve;

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        hv = new HurdvmProcess();
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        try {
            if (serve != null) {
                serve.close();
            }
        } finally {
            hv.close();
        }
    }

    /** The CLI on this home. */
    public HurdvmProcess hv() {
        return hv;
    }

    /** Starts {@code hurdvm serve ARGS} on this home with {@code env} added to its environment. */
    public ServeProcess serve(Map<String, String> env, String... args) throws IOException, InterruptedException {
        serve = ServeProcess.start(hv, env, args);
        return serve;
    }
}
