package io.hurdvm.cli;

import io.hurdvm.env.HostEnvironment;
import io.hurdvm.errors.ErrorKind;
import io.hurdvm.api.ApiTokenSource;
import io.hurdvm.config.HurdvmHome;
import io.hurdvm.api.DaemonClient;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The {@code --host URL [--token-file FILE]} mixin: run a command through a 'hurdvm serve' daemon instead of local state. */
public final class HostOption {
    @Option(names = "--host", paramLabel = "URL", description = "Ask the 'hurdvm serve' daemon at URL (e.g. http://127.0.0.1:8480) instead of local state.")
    String host;

    @Option(names = "--token-file", paramLabel = "FILE", description = "API token for --host (default: $HURDVM_TOKEN_FILE, else /run/secrets/api_token"
            + " if it exists, else the token 'hurdvm serve' generated in HURDVM_HOME/api_token).")
    Path tokenFile;

    @Option(names = "--ca-file", paramLabel = "FILE", description = "For an https:// --host: trust the PEM certificates in FILE (the daemon's certificate or its CA) (default: $"
            + DaemonClient.HOST_CA_ENV + ", else the JVM's CAs).")
    Path caFile;

    /** The command this option belongs to, whose root holds the environment. */
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    private boolean remote() {
        return host != null;
    }

    private DaemonClient client() {
        URI uri;
        try {
            uri = URI.create(host.strip());
        } catch (IllegalArgumentException e) {
            throw new CliException(ErrorKind.BAD_INPUT, "invalid --host '" + host + "': use a URL such as http://127.0.0.1:8480");
        }
        HostEnvironment env = HurdvmCommand.environmentOf(mixee);
        Optional<Path> ca = Optional.ofNullable(caFile).or(() -> env.get(DaemonClient.HOST_CA_ENV).map(Path::of));
        try {
            return new DaemonClient(uri, ApiTokenSource.of(Optional.ofNullable(tokenFile), env).forClient(HurdvmHome.resolve(env.asMap())), ca);
        } catch (IllegalArgumentException e) {
            throw new CliException(ErrorKind.BAD_INPUT, e.getMessage());
        }
    }

    /**
     * The one place where a capability's implementation is chosen: {@code daemon} with {@code --host},
     * else {@code local}, made for this process's environment. Commands receive the capability and never
     * branch on {@code --host} themselves.
     */
    public <T> T choose(Function<HostEnvironment, T> local, Function<HostOption, T> daemon) {
        return remote() ? daemon.apply(this) : local.apply(HurdvmCommand.environmentOf(mixee));
    }

    /** Runs one call against the daemon; its errors carry the kind the daemon named, hence the same exit code as locally. */
    public <T> T call(Function<DaemonClient, T> action) {
        return action.apply(client());
    }
}
