package io.hurdvm.guest;

import java.net.SocketAddress;
import java.security.PublicKey;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;

/**
 * Trust on first use, per instance: the first key the guest shows is recorded; afterwards only a
 * recorded key is accepted and a different one is refused — it would mean a different guest, or
 * someone in between. MINA reports a refusal only as "Server key did not validate", so the reason is
 * kept here for {@link GuestSsh} to turn into a clear message.
 */
final class PinnedHostKeyVerifier implements ServerKeyVerifier {
    private final KnownHostsFile knownHosts;
    private final String instanceName;
    private final AtomicReference<String> refusal = new AtomicReference<>();

    PinnedHostKeyVerifier(KnownHostsFile knownHosts, String instanceName) {
        this.knownHosts = knownHosts;
        this.instanceName = instanceName;
    }

    @Override
    public boolean verifyServerKey(ClientSession session, SocketAddress remote, PublicKey serverKey) {
        String alias = KnownHostsFile.aliasFor(instanceName);
        synchronized (PinnedHostKeyVerifier.class) {
            List<String> pinned = knownHosts.keysFor(alias);
            if (pinned.isEmpty()) {
                knownHosts.add(alias, serverKey);
                return true;
            }
            if (pinned.contains(PublicKeyEntry.toString(serverKey))) {
                return true;
            }
        }
        refusal.set("host key for " + instanceName + " changed (" + KeyUtils.getFingerPrint(serverKey)
                + ") — if the guest was reinstalled, run 'hurdvm ssh " + instanceName + " --reset-host-key'");
        return false;
    }

    /** Why the last key was refused, if it was. */
    String refusal() {
        return refusal.get();
    }
}
