package io.hurdvm.qemu;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QemuUserPasswdTest {
    @TempDir
    Path dir;

    @Test
    void findsTheAccountsUidAndGid_inPasswd() throws Exception {
        Path passwd = dir.resolve("passwd");
        Files.writeString(passwd, "root:x:0:0:root:/root:/bin/bash\nhurdvm-qemu-x:x:5:5::/:/bin/false\n"
                + "hurdvm-qemu:x:999:998:hurdvm QEMU processes:/nonexistent:/usr/sbin/nologin\n");
        assertThat(QemuUser.inPasswd(passwd, "hurdvm-qemu")).contains(new QemuUser("hurdvm-qemu", 999, 998));
    }

    @Test
    void aMissingAccount_orAMangledLine_isLeftTo_id() throws Exception {
        Path passwd = dir.resolve("passwd");
        Files.writeString(passwd, "hurdvm-qemu:x:nine:998\n");
        assertThat(QemuUser.inPasswd(passwd, "hurdvm-qemu")).isEmpty();
        assertThat(QemuUser.inPasswd(passwd, "someone")).isEmpty();
        assertThat(QemuUser.inPasswd(dir.resolve("missing"), "hurdvm-qemu")).isEmpty();
    }
}
