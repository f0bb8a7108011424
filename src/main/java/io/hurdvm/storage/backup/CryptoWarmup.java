package io.hurdvm.storage.backup;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Gets the JDK's AES-GCM and SHA-256 compiled (C2, whose intrinsics use AES-NI/VAES and SHA-NI)
 * before a backup's data arrives. A fresh JVM runs them interpreted or at C1 for its first
 * ~100 MiB (measured: 100-250 MiB/s for the first 100 MiB, then 4-7 GiB/s for GCM and
 * ~850 MiB/s for SHA-256 on the bench machine); a backup spends over a second waiting for QEMU's
 * copy job first, a restore a fraction of one reading the catalog, so a daemon thread runs both on
 * throwaway data (a zero key, never the backup's) meanwhile, and the real chunks find compiled code. Costs 0.2-0.4 s of one core, once per JVM.
 */
final class CryptoWarmup {
    private static final int PIECE = 64 * 1024;
    private static final int MAX_ROUNDS = 400;
    private static final int FAST_ROUNDS = 16;
    private static final long FAST_ROUND_NANOS = 400_000;
    private static volatile boolean started;

    private CryptoWarmup() {
    }

    /** Starts the warm-up once per JVM, in the background; returns at once. */
    static void start() {
        if (started) {
            return;
        }
        started = true;
        Thread.ofPlatform().name("crypto-warmup").daemon().start(CryptoWarmup::run);
    }

    private static void run() {
        try {
            SecretKeySpec key = new SecretKeySpec(new byte[32], "AES");
            byte[] plain = new byte[PIECE];
            byte[] sealed = new byte[PIECE + GcmChunkedFile.TAG];
            byte[] opened = new byte[PIECE];
            byte[] nonce = new byte[GcmChunkedFile.NONCE];
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            MessageDigest sha = Sha256.digest();
            for (int i = 0, fast = 0; i < MAX_ROUNDS && fast < FAST_ROUNDS; i++) {
                long t = System.nanoTime();
                nonce[0] = (byte) i;
                nonce[1] = (byte) (i >> 8); // GCM refuses a key and nonce pair used before
                cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(GcmChunkedFile.TAG * 8, nonce));
                int n = cipher.update(plain, 0, PIECE, sealed, 0);
                n += cipher.doFinal(sealed, n);
                cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(GcmChunkedFile.TAG * 8, nonce));
                cipher.doFinal(sealed, 0, n, opened, 0);
                sha.update(sealed, 0, n);
                // Compiled, a round takes ~0.1 ms; interpreted ~2 ms. HotSpot drops queued compilations
                // of methods no longer running, so this runs until the rounds are fast, not a fixed count.
                fast = System.nanoTime() - t < FAST_ROUND_NANOS ? fast + 1 : 0;
            }
            sha.digest();
        } catch (GeneralSecurityException | RuntimeException e) {
            // only a head start: the real work reports any problem with the cipher itself
        }
    }
}
