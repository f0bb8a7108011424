package io.hurdvm.guest.copy;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A job's sync removes its target folder first: paths that would remove more are refused before any SSH. */
class GuestCopierReplaceTreeTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"/", "//", "/root/..", "/root/.", "root/work", "."})
    void refusesTargetsThatAreNotANamedFolderBelowTheRoot(String target) {
        GuestCopier copier = new GuestCopier(null); // never reached: the check comes first
        assertThatThrownBy(() -> copier.replaceTree(dir, target))
                .isInstanceOf(CopyException.class)
                .hasMessageContaining("name a folder below the root");
    }

    @ParameterizedTest
    @ValueSource(strings = {"missing", "file"})
    void refusesASourceThatIsNoFolder(String name) throws Exception {
        Files.writeString(dir.resolve("file"), "x");
        assertThatThrownBy(() -> new GuestCopier(null).replaceTree(dir.resolve(name), "/root/work"))
                .isInstanceOf(CopyException.class)
                .hasMessageContaining("is not a folder");
    }
}
