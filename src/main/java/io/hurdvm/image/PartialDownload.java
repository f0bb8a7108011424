package io.hurdvm.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A download in progress: the {@code .part} file and, beside it, the validator (ETag or
 * Last-Modified) of the response it came from. A part without a validator cannot be resumed
 * safely, because the file on the server may have changed since.
 */
record PartialDownload(Path part) {

    Path validatorFile() {
        return part.resolveSibling(part.getFileName() + ".validator");
    }

    /** Bytes that may be resumed: the part's size if its validator is known, else 0. */
    long resumableBytes() throws IOException {
        return Files.exists(part) && validator().isPresent() ? Files.size(part) : 0;
    }

    /** The value for {@code If-Range}: a strong ETag or an HTTP date. */
    Optional<String> validator() throws IOException {
        Path v = validatorFile();
        return Files.exists(v) ? Optional.of(Files.readString(v, StandardCharsets.UTF_8).strip()).filter(s -> !s.isEmpty())
                : Optional.empty();
    }

    /** Starts over: empty part, validator of the new response (none if the server sent none). */
    PartialDownload restart(Optional<String> newValidator) throws IOException {
        Files.deleteIfExists(validatorFile());
        Files.write(part, new byte[0]);
        if (newValidator.isPresent()) {
            Files.writeString(validatorFile(), newValidator.get(), StandardCharsets.UTF_8);
        }
        return this;
    }

    void delete() {
        try {
            Files.deleteIfExists(part);
            Files.deleteIfExists(validatorFile());
        } catch (IOException e) {
            // best effort: leftovers sit in the store's tmp folder, never among the images
        }
    }
}
