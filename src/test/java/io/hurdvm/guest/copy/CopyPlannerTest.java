package io.hurdvm.guest.copy;

import static io.hurdvm.guest.copy.CopyPlanner.Placement.AS;
import static io.hurdvm.guest.copy.CopyPlanner.Placement.INSIDE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hurdvm.errors.ErrorKind;
import org.junit.jupiter.api.Test;

/** cp -r's decisions, without a guest. */
class CopyPlannerTest {
    private static final PathFacts MISSING = PathFacts.MISSING;
    private static final PathFacts DIR = new PathFacts(PathKind.DIRECTORY, true, "/d");
    private static final PathFacts FILE = new PathFacts(PathKind.FILE, false, null);
    private static final PathFacts LINK_TO_DIR = new PathFacts(PathKind.SYMLINK, true, null);
    private static final PathFacts DANGLING_LINK = new PathFacts(PathKind.SYMLINK, false, null);

    private static CopyPlanner.Placement place(PathKind source, boolean slash, PathFacts dst, PathFacts parent) {
        return CopyPlanner.placement(source, "vm:/d", slash, dst, "vm:/", parent);
    }

    @Test
    void existingDirectory_orLinkToOne_receivesTheCopyInside() {
        for (PathKind source : new PathKind[] {PathKind.FILE, PathKind.DIRECTORY, PathKind.SYMLINK}) {
            assertThat(place(source, false, DIR, DIR)).isEqualTo(INSIDE);
            assertThat(place(source, true, DIR, DIR)).isEqualTo(INSIDE);
            assertThat(place(source, false, LINK_TO_DIR, DIR)).isEqualTo(INSIDE);
        }
    }

    @Test
    void otherwiseTheTargetBecomesTheCopy_whenItsParentExists() {
        assertThat(place(PathKind.FILE, false, MISSING, DIR)).isEqualTo(AS);
        assertThat(place(PathKind.DIRECTORY, false, MISSING, DIR)).isEqualTo(AS);
        assertThat(place(PathKind.DIRECTORY, true, MISSING, DIR)).as("cp -r dir new/ creates new").isEqualTo(AS);
        assertThat(place(PathKind.FILE, false, FILE, DIR)).isEqualTo(AS);
        assertThat(place(PathKind.FILE, false, DANGLING_LINK, DIR)).isEqualTo(AS);
    }

    @Test
    void missingParent_isABadRequest() {
        assertThatThrownBy(() -> place(PathKind.FILE, false, MISSING, MISSING))
                .isInstanceOf(CopyException.class)
                .hasMessage("cannot copy to vm:/d: no such directory vm:/")
                .extracting(e -> ((CopyException) e).kind()).isEqualTo(ErrorKind.BAD_INPUT);
        assertThatThrownBy(() -> place(PathKind.FILE, false, MISSING, FILE)).isInstanceOf(CopyException.class);
    }

    @Test
    void trailingSlash_onAMissingTarget_needsADirectorySource() {
        assertThatThrownBy(() -> place(PathKind.FILE, true, MISSING, DIR))
                .isInstanceOf(CopyException.class)
                .hasMessage("cannot copy to vm:/d: no such directory");
        assertThatThrownBy(() -> place(PathKind.FILE, true, FILE, DIR)).hasMessage("cannot copy to vm:/d: not a directory");
        assertThatThrownBy(() -> place(PathKind.DIRECTORY, true, FILE, DIR)).hasMessage("cannot copy to vm:/d: not a directory");
    }

    @Test
    void overwriteRules_followCp() {
        CopyPlanner.checkOverwrite(PathKind.FILE, "t", MISSING);
        CopyPlanner.checkOverwrite(PathKind.FILE, "t", FILE);
        CopyPlanner.checkOverwrite(PathKind.SYMLINK, "t", FILE);
        CopyPlanner.checkOverwrite(PathKind.FILE, "t", DANGLING_LINK);
        CopyPlanner.checkOverwrite(PathKind.DIRECTORY, "t", DIR); // merge
        assertThatThrownBy(() -> CopyPlanner.checkOverwrite(PathKind.DIRECTORY, "t", FILE))
                .hasMessage("cannot overwrite non-directory t with a directory");
        assertThatThrownBy(() -> CopyPlanner.checkOverwrite(PathKind.DIRECTORY, "t", LINK_TO_DIR))
                .as("a link is not merged into (nothing is written through it)")
                .hasMessage("cannot overwrite non-directory t with a directory");
        assertThatThrownBy(() -> CopyPlanner.checkOverwrite(PathKind.FILE, "t", DIR))
                .hasMessage("cannot overwrite directory t with a non-directory");
    }

    @Test
    void sourceName_isTheLastComponent_andMustBePlain() {
        assertThat(CopyPlanner.sourceName("/root/dir/", "vm:/root/dir/")).isEqualTo("dir");
        assertThat(CopyPlanner.sourceName("file.txt", "file.txt")).isEqualTo("file.txt");
        assertThatThrownBy(() -> CopyPlanner.sourceName("/", "vm:/"))
                .hasMessage("cannot copy the root directory vm:/; name a directory below it");
        // A guest answering with a canonical path that ends in ".." must not move the copy up.
        assertThatThrownBy(() -> CopyPlanner.sourceName("/a/..", "vm:."))
                .hasMessage("refusing to copy vm:.: its name '..' is not a plain file name");
        assertThatThrownBy(() -> CopyPlanner.sourceName("/a/.", "vm:.")).isInstanceOf(CopyException.class);
    }

    @Test
    void guestPaths_areHandledAsText() {
        assertThat(GuestPaths.strip("/a/b//")).isEqualTo("/a/b");
        assertThat(GuestPaths.strip("//")).isEqualTo("/");
        assertThat(GuestPaths.strip("")).isEqualTo(".");
        assertThat(GuestPaths.parent("/a/b")).isEqualTo("/a");
        assertThat(GuestPaths.parent("/a")).isEqualTo("/");
        assertThat(GuestPaths.parent("a")).isEqualTo(".");
        assertThat(GuestPaths.parent("a//b/")).isEqualTo("a");
        assertThat(GuestPaths.name("/a/b/")).isEqualTo("b");
        assertThat(GuestPaths.join("/", "x")).isEqualTo("/x");
        assertThat(GuestPaths.join("/a/", "x")).isEqualTo("/a/x");
        assertThat(GuestPaths.forShell("-rf")).isEqualTo("./-rf");
        assertThat(GuestPaths.forShell("/abs")).isEqualTo("/abs");
    }
}
