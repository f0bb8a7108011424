package io.hurdvm.config;

import io.hurdvm.vm.InvalidSpecException;
import io.hurdvm.vm.ProvisionScript;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads provision scripts from files ({@code --provision FILE}, YAML {@code - file: PATH}). */
public final class ProvisionScripts {
    /** {@code --provision none}: the instance keeps no scripts. */
    public static final String NONE = "none";

    private ProvisionScripts() {
    }

    /** A small regular UTF-8 text file, named by its file name. */
    public static ProvisionScript read(Path file) {
        if (!Files.exists(file)) {
            throw new InvalidSpecException("provision script " + file + " does not exist: check --provision");
        }
        if (!Files.isRegularFile(file)) {
            throw new InvalidSpecException("provision script " + file + " is not a regular file: give a shell script to --provision");
        }
        if (!Files.isReadable(file)) {
            throw new InvalidSpecException("provision script " + file + " cannot be read: permission denied");
        }
        try {
            if (Files.size(file) > ProvisionScript.MAX_BYTES) {
                throw new InvalidSpecException("provision script " + file + " is larger than " + (ProvisionScript.MAX_BYTES >> 10)
                        + " KiB: copy big files into the guest with 'hurdvm cp' and keep the script short");
            }
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
            return new ProvisionScript(file.getFileName().toString(), text);
        } catch (CharacterCodingException e) {
            throw new InvalidSpecException("provision script " + file + " is not UTF-8 text: give a shell script");
        } catch (IOException e) {
            throw new InvalidSpecException("provision script " + file + " cannot be read: " + e.getMessage());
        }
    }
}
