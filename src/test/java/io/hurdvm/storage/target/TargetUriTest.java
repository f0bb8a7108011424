package io.hurdvm.storage.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class TargetUriTest {
    @Test
    void parsesFileAndS3() {
        assertThat(TargetUri.parse("file:///var/backups")).isEqualTo(new TargetUri.LocalDir(Path.of("/var/backups")));
        assertThat(TargetUri.parse("s3://my-bucket/a/b/")).isEqualTo(new TargetUri.S3("my-bucket", "a/b"));
        assertThat(TargetUri.parse("s3://my-bucket")).isEqualTo(new TargetUri.S3("my-bucket", ""));
    }

    @Test
    void rejectsCredentialsAndUnknownSchemes() {
        assertThatThrownBy(() -> TargetUri.parse("s3://key:secret@bucket/p")).hasMessageContaining("must not carry credentials")
                .hasMessageNotContaining("secret@");
        assertThatThrownBy(() -> TargetUri.parse("ftp://x/y")).hasMessageContaining("file:///dir or s3://bucket/prefix");
        assertThatThrownBy(() -> TargetUri.parse("s3://Bad_Bucket/x")).hasMessageContaining("invalid S3 bucket");
    }
}
