package io.hurdvm.template;

import static org.assertj.core.api.Assertions.assertThat;

import io.hurdvm.qemu.ImageInfo;
import io.hurdvm.qemu.QemuImg;
import io.hurdvm.qemu.QemuImgCli;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With the real qemu-img: the copies are overlays on the template's layer that qemu-img itself reads back. */
class BlankOverlayTest {
    @Test
    void everyCloneGetsAnOverlayOnTheLayer_andQemuImgRunsOncePerTemplate(@TempDir Path dir) throws Exception {
        TemplatePaths tpl = new TemplatePaths(Files.createDirectories(dir.resolve("templates/t")));
        QemuImgCli real = new QemuImgCli();
        newImage(tpl.disk(), 64L << 20);
        List<Object> made = new ArrayList<>();
        QemuImg counting = (QemuImg) Proxy.newProxyInstance(QemuImg.class.getClassLoader(), new Class<?>[] {QemuImg.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("createOverlay")) {
                        made.add(args[2]);
                    }
                    return method.invoke(real, args);
                });
        for (String clone : List.of("c1", "c2")) {
            Path overlay = Files.createDirectories(dir.resolve(clone)).resolve("disk.qcow2");
            BlankOverlay.copyTo(tpl, counting, overlay);
            ImageInfo info = real.info(overlay);
            assertThat(info.format()).isEqualTo("qcow2");
            assertThat(info.backingFile()).contains(tpl.disk().toAbsolutePath().normalize());
            assertThat(info.virtualSize()).isEqualTo(64L << 20);
        }
        assertThat(made).hasSize(1);
    }

    @Test
    void aBlankOverlayNamingAnotherLayer_isMadeAgain(@TempDir Path dir) throws Exception {
        QemuImgCli real = new QemuImgCli();
        TemplatePaths old = new TemplatePaths(Files.createDirectories(dir.resolve("old")));
        newImage(old.disk(), 16L << 20);
        BlankOverlay.copyTo(old, real, dir.resolve("first.qcow2"));
        // The template's folder moved (another HURDVM_HOME): its blank overlay still names the old path.
        TemplatePaths moved = new TemplatePaths(Files.createDirectories(dir.resolve("moved")));
        newImage(moved.disk(), 16L << 20);
        Files.copy(old.dir().resolve(BlankOverlay.FILE_NAME), moved.dir().resolve(BlankOverlay.FILE_NAME));
        BlankOverlay.copyTo(moved, real, dir.resolve("second.qcow2"));
        assertThat(real.info(dir.resolve("second.qcow2")).backingFile()).contains(moved.disk().toAbsolutePath().normalize());
    }

    private static void newImage(Path file, long bytes) throws Exception {
        Process p = new ProcessBuilder("qemu-img", "create", "-q", "-f", "qcow2", file.toString(), Long.toString(bytes))
                .inheritIO().start();
        assertThat(p.waitFor()).isZero();
    }

    @Test
    void backingFile_ofSomethingElse_isNone(@TempDir Path dir) throws Exception {
        Path junk = Files.write(dir.resolve("junk"), new byte[100]);
        assertThat(BlankOverlay.backingFile(junk)).isNull();
        assertThat(BlankOverlay.backingFile(dir.resolve("missing"))).isNull();
    }
}
