package io.hurdvm.cli;

import io.hurdvm.env.HostEnvironment;
import io.hurdvm.instance.InstanceView;
import io.hurdvm.instance.JsonWarmUp;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

/**
 * What the {@code hurdvm} launcher's training run executes (with {@code -Dhurdvm.cache.training=true})
 * to make the JVM's class cache (AOT cache on JDK 24+, class-data archive before): the classes a run
 * loads are the ones later runs map from the cache instead of loading and verifying them from the jar.
 * So it runs the everyday commands in one JVM, on the user's own HURDVM_HOME and read-only: the top
 * command's help and version, {@code list}, {@code health} (the container's healthcheck), {@code up}
 * of an image that does not exist (its checks, refused before anything is made) and, for the
 * first instance there, {@code status}, the
 * OpenSSH argv of {@code ssh NAME -- CMD} (not run) and {@code ssh-config}, in both output formats.
 * Everything they print is dropped; failures (no instance, one that is not running) are expected.
 */
final class CacheTraining {
    static final String PROPERTY = "hurdvm.cache.training";
    /** An instance name no one uses: the training's {@code up} is refused before it could create it. */
    static final String UP_PROBE = "hurdvm-cache-training-probe";

    private CacheTraining() {
    }

    static void run(HostEnvironment env) {
        // What main starts for status and list (the training has no verb of its own), so that its classes are cached too.
        JsonWarmUp.instanceReads();
        PrintWriter nowhere = new PrintWriter(Writer.nullWriter());
        List<List<String>> runs = new ArrayList<>(List.of(List.of("--version"), List.of("--help"), List.of("list"),
                List.of("list", "--output", "json"), List.of("status", "--help"), List.of("health")));
        // up's command model and its checks of the request, up to an image that does not exist: refused
        // as bad input before anything is created or locked (exit 2, nothing left behind).
        runs.add(List.of("up", "--help"));
        if (!CliContext.of(env).store().exists(io.hurdvm.vm.InstanceName.of(UP_PROBE))) {
            runs.add(List.of("up", UP_PROBE, "--image", "/nonexistent/hurdvm-cache-training.qcow2", "--wait", "console"));
        }
        String name = firstInstance(env);
        if (name != null) {
            runs.add(List.of("status", name));
            runs.add(List.of("status", name, "--output", "json"));
            runs.add(List.of("ssh-config", name));
        }
        for (List<String> args : runs) {
            String[] a = args.toArray(String[]::new);
            HurdvmCommand.commandLine(env, a).setOut(nowhere).setErr(nowhere).execute(a);
        }
        if (name != null) {
            sshArgv(env, name);
        }
    }

    private static String firstInstance(HostEnvironment env) {
        try {
            List<InstanceView> all = CliContext.of(env).service().list();
            return all.isEmpty() ? null : all.get(0).name();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static void sshArgv(HostEnvironment env, String name) {
        try {
            CliContext ctx = CliContext.of(env);
            RunningInstance vm = RunningInstance.require(ctx, name);
            SshCommand.openSsh(ctx, vm, GuestConnection.sshPort(ctx, vm)).map(ssh -> ssh.argv("true"));
        } catch (RuntimeException e) {
            // not running: nothing more to learn from it
        }
    }
}
