package io.hurdvm.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Decides from its first 34 KiB whether a file is a disk image, before it is converted or stored:
 * a qcow2 header, an ISO 9660 volume descriptor ({@code CD001} at 0x8001) or a boot signature
 * (0x55AA at 510, also present in GPT's protective MBR). Anything else is refused with a hint of
 * what it looks like instead (an HTML error page, a text file, an archive).
 */
public final class DiskImageProbe {
    private static final int HEAD = 0x8001 + 5;
    private static final byte[] QCOW2_MAGIC = {'Q', 'F', 'I', (byte) 0xfb};
    private static final byte[] ISO_MAGIC = "CD001".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] GPT_MAGIC = "EFI PART".getBytes(StandardCharsets.US_ASCII);

    private DiskImageProbe() {
    }

    public static DiskFormat probe(Path file, String displayName) {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(HEAD);
        } catch (IOException e) {
            throw ImageException.io("cannot read " + displayName + ": " + e.getMessage(), e);
        }
        if (at(head, 0, QCOW2_MAGIC)) {
            return DiskFormat.QCOW2;
        }
        if (at(head, 0x8001, ISO_MAGIC)) {
            return DiskFormat.ISO9660;
        }
        if (head.length >= 512 && (head[510] & 0xff) == 0x55 && (head[511] & 0xff) == 0xaa) {
            return at(head, 512, GPT_MAGIC) ? DiskFormat.RAW_GPT : DiskFormat.RAW_MBR;
        }
        throw ImageException.badInput(displayName + " is not a disk image (no qcow2 header, ISO 9660 descriptor or"
                + " MBR/GPT boot signature; " + looksLike(head) + "): check the URL points at the image itself");
    }

    private static boolean at(byte[] data, int offset, byte[] magic) {
        return data.length >= offset + magic.length
                && Arrays.equals(data, offset, offset + magic.length, magic, 0, magic.length);
    }

    private static String looksLike(byte[] head) {
        String start = new String(head, 0, Math.min(head.length, 64), StandardCharsets.ISO_8859_1).stripLeading();
        if (start.regionMatches(true, 0, "<!doctype html", 0, 14) || start.regionMatches(true, 0, "<html", 0, 5)) {
            return "it looks like an HTML page";
        }
        if (at(head, 0, new byte[] {0x1f, (byte) 0x8b}) || at(head, 0, new byte[] {(byte) 0xfd, '7', 'z', 'X', 'Z'})) {
            return "it looks like a compressed file; name it .img.tar.gz or .img.tar.xz if it is an image archive";
        }
        if (at(head, 257, "ustar".getBytes(StandardCharsets.US_ASCII))) {
            return "it looks like a tar archive";
        }
        if (head.length < 512) {
            return "it is only " + head.length + " bytes long";
        }
        return "it starts with bytes " + java.util.HexFormat.ofDelimiter(" ").formatHex(head, 0, 8);
    }
}
