package io.hurdvm.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImageSourceTest {

    @Test
    void debianAlias_pinsTheDatedOfficialFile_notTheRollingLink() {
        ImageSource s = ImageSource.parse("debian-hurd-amd64", Map.of());
        assertThat(s.uri().toString()).isEqualTo(
                "https://cdimage.debian.org/cdimage/ports/latest/hurd-amd64/debian-hurd-amd64-20250807.img.tar.gz");
        assertThat(s.format()).isEqualTo(SourceFormat.TAR_GZ);
        assertThat(s.names()).extracting(ImageRef::toString)
                .containsExactly("debian-hurd-amd64:20250807", "debian-hurd-amd64:latest");
        assertThat(s.sibling("SHA256SUMS").toString())
                .isEqualTo("https://cdimage.debian.org/cdimage/ports/latest/hurd-amd64/SHA256SUMS");
    }

    @Test
    void debianAlias_usesMirrorFromEnvironment_withOrWithoutTrailingSlash() {
        for (String mirror : new String[] {"http://127.0.0.1:8080/debian-cd", "http://127.0.0.1:8080/debian-cd/"}) {
            ImageSource s = ImageSource.parse("debian-hurd-amd64", Map.of("HURDVM_IMAGE_MIRROR", mirror));
            assertThat(s.uri().toString()).isEqualTo(
                    "http://127.0.0.1:8080/debian-cd/ports/latest/hurd-amd64/debian-hurd-amd64-20250807.img.tar.gz");
        }
    }

    @Test
    void url_getsFormatAndDefaultNameFromItsFileName() {
        ImageSource s = ImageSource.parse("https://example.org/x/Debian-Hurd_2025.img.tar.xz", Map.of());
        assertThat(s.format()).isEqualTo(SourceFormat.TAR_XZ);
        assertThat(s.fileName()).isEqualTo("Debian-Hurd_2025.img.tar.xz");
        assertThat(s.names()).extracting(ImageRef::toString).containsExactly("debian-hurd_2025:latest");
        assertThat(ImageSource.parse("http://h/a.qcow2", Map.of()).format()).isEqualTo(SourceFormat.QCOW2);
        assertThat(ImageSource.parse("http://h/a.iso", Map.of()).format()).isEqualTo(SourceFormat.ISO);
        assertThat(ImageSource.parse("http://h/a.img", Map.of()).format()).isEqualTo(SourceFormat.RAW);
        assertThat(ImageSource.parse("http://h/a.img.tar.gz", Map.of()).format()).isEqualTo(SourceFormat.TAR_GZ);
    }

    @Test
    void localPathAndFileUrl_areFileSources() {
        ImageSource p = ImageSource.parse("/var/tmp/guest.img", Map.of());
        assertThat(p.isLocalFile()).isTrue();
        assertThat(Path.of(p.uri())).isEqualTo(Path.of("/var/tmp/guest.img"));
        assertThat(ImageSource.parse("file:///var/tmp/guest.qcow2", Map.of()).isLocalFile()).isTrue();
    }

    @Test
    void rejectsOtherSchemes_unsupportedSuffixes_andUrlsWithoutFile() {
        assertThatThrownBy(() -> ImageSource.parse("ftp://h/a.img", Map.of())).hasMessageContaining("http(s)://");
        assertThatThrownBy(() -> ImageSource.parse("debian-hurd-i386", Map.of())).hasMessageContaining("debian-hurd-amd64");
        assertThatThrownBy(() -> ImageSource.parse("http://h/a.vmdk", Map.of()))
                .hasMessageContaining("unsupported file type").hasMessageContaining(".img.tar.xz");
        assertThatThrownBy(() -> ImageSource.parse("http://h/dir/", Map.of())).hasMessageContaining("names no file");
        assertThatThrownBy(() -> ImageSource.parse("http://h/a b.img", Map.of())).hasMessageContaining("not a valid URL");
    }

    @Test
    void imageRef_defaultsTagToLatest_andRejectsUnsafeNames() {
        assertThat(ImageRef.parse("hurd")).isEqualTo(new ImageRef("hurd", "latest"));
        assertThat(ImageRef.parse("hurd:2025")).isEqualTo(new ImageRef("hurd", "2025"));
        assertThatThrownBy(() -> ImageRef.parse("../etc:x")).isInstanceOf(ImageException.class).hasMessageContaining("invalid image name");
        assertThatThrownBy(() -> ImageRef.parse("Hurd")).isInstanceOf(ImageException.class);
    }

    @Test
    void storeLocation_prefersHurdvmHome_thenXdgDataHome_thenLocalShare() {
        Path userHome = Path.of("/home/u");
        assertThat(StoreLocation.home(Map.of("HURDVM_HOME", "/srv/hv", "XDG_DATA_HOME", "/x"), userHome)).isEqualTo(Path.of("/srv/hv"));
        assertThat(StoreLocation.home(Map.of("XDG_DATA_HOME", "/x"), userHome)).isEqualTo(Path.of("/x/hurdvm"));
        assertThat(StoreLocation.home(Map.of(), userHome)).isEqualTo(Path.of("/home/u/.local/share/hurdvm"));
    }
}
