import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.StreamingAead;
import com.google.crypto.tink.streamingaead.PredefinedStreamingAeadParameters;
import com.google.crypto.tink.streamingaead.StreamingAeadConfig;
import io.hurdvm.storage.backup.BackupKey;
import io.hurdvm.storage.backup.GcmChunkedFile;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Encrypt and decrypt one file with hurdvm's GcmChunkedFile (AES-256-GCM, 1 MiB chunks) and with
 * Tink's streaming AEAD AES256_GCM_HKDF_1MB (per-file HKDF key, 1 MiB segments): best of N runs,
 * MiB/s, and the ciphertext overhead. Run by bench/backup/gcm-vs-tink.sh, which builds the classpath.
 *
 *   java -cp CP GcmVsTink.java DIR SIZE_MIB RUNS
 */
public class GcmVsTink {
    interface Step {
        void run() throws Exception;
    }

    @SuppressWarnings("deprecation") // KeysetHandle.generateNew(Parameters): the shortest way to a fresh keyset
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        long mib = Long.parseLong(args[1]);
        int runs = Integer.parseInt(args[2]);
        Path plain = dir.resolve("plain");
        byte[] buf = new byte[1 << 20];
        SecureRandom random = new SecureRandom();
        try (OutputStream out = Files.newOutputStream(plain)) {
            for (long i = 0; i < mib; i++) {
                random.nextBytes(buf);
                out.write(buf);
            }
        }
        byte[] raw = new byte[32];
        random.nextBytes(raw);
        Path keyFile = Files.write(dir.resolve("key"), raw);
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
        BackupKey key = BackupKey.fromFile(keyFile);

        StreamingAeadConfig.register();
        StreamingAead tink = KeysetHandle.generateNew(PredefinedStreamingAeadParameters.AES256_GCM_HKDF_1MB)
                .getPrimitive(RegistryConfiguration.get(), StreamingAead.class);
        byte[] aad = "hurdvm/instance/backup-id/disk.qcow2".getBytes();

        Path hvEnc = dir.resolve("hv.enc");
        Path hvDec = dir.resolve("hv.dec");
        Path tkEnc = dir.resolve("tink.enc");
        Path tkDec = dir.resolve("tink.dec");
        Step hvEncrypt = () -> GcmChunkedFile.encrypt(plain, hvEnc, key);
        Step hvDecrypt = () -> GcmChunkedFile.decrypt(hvEnc, hvDec, key);
        Step tkEncrypt = () -> {
            try (InputStream in = Files.newInputStream(plain); OutputStream out = tink.newEncryptingStream(Files.newOutputStream(tkEnc), aad)) {
                in.transferTo(out);
            }
        };
        Step tkDecrypt = () -> {
            try (InputStream in = tink.newDecryptingStream(Files.newInputStream(tkEnc), aad); OutputStream out = Files.newOutputStream(tkDec)) {
                in.transferTo(out);
            }
        };
        // Interleaved rounds, so JIT warm-up and the machine's load changes hit both alike; best of each.
        double hvE = 0;
        double hvD = 0;
        double tkE = 0;
        double tkD = 0;
        for (int r = 0; r < runs; r++) {
            hvE = Math.max(hvE, rate(mib, hvEncrypt));
            tkE = Math.max(tkE, rate(mib, tkEncrypt));
            hvD = Math.max(hvD, rate(mib, hvDecrypt));
            tkD = Math.max(tkD, rate(mib, tkDecrypt));
        }
        String want = sha(plain);
        if (!want.equals(sha(hvDec)) || !want.equals(sha(tkDec))) {
            throw new IllegalStateException("a round trip changed the data");
        }
        System.out.printf(Locale.ROOT, "| hurdvm GcmChunkedFile (AES-256-GCM, 1 MiB chunks, JCE) | %.0f | %.0f | %d |%n", hvE, hvD,
                Files.size(hvEnc) - Files.size(plain));
        System.out.printf(Locale.ROOT, "| Tink AES256_GCM_HKDF_1MB streaming AEAD (JCE) | %.0f | %.0f | %d |%n", tkE, tkD,
                Files.size(tkEnc) - Files.size(plain));
        for (Path p : new Path[] {plain, hvEnc, hvDec, tkEnc, tkDec, keyFile}) {
            Files.deleteIfExists(p);
        }
    }

    /** MiB/s of one run. */
    private static double rate(long mib, Step step) throws Exception {
        long t0 = System.nanoTime();
        step.run();
        return mib / ((System.nanoTime() - t0) / 1e9);
    }

    private static String sha(Path p) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(p)) {
            byte[] b = new byte[1 << 20];
            for (int n; (n = in.read(b)) > 0; ) {
                md.update(b, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
