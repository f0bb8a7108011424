package io.hurdvm.instance;

import static org.assertj.core.api.Assertions.assertThat;

import io.hurdvm.vm.ProvisionScript;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProvisionPlanTest {
    @TempDir Path dir;

    @Test
    void scripts_roundTrip_inOrder_andAnEmptyListLeavesNoFile() {
        InstancePaths paths = InstancePaths.forDir(dir);
        ProvisionPlan plan = new ProvisionPlan(paths);
        assertThat(plan.scripts()).isEmpty();
        List<ProvisionScript> scripts = List.of(new ProvisionScript("b.sh", "echo b"), new ProvisionScript("a.sh", "echo a"));
        plan.save(scripts);
        assertThat(new ProvisionPlan(paths).scripts()).isEqualTo(scripts);
        plan.save(List.of());
        assertThat(Files.exists(paths.provisionPlan())).isFalse();
    }

    @Test
    void aRerunRequest_isEndedOnlyByThePassThatServedIt() {
        ProvisionPlan plan = new ProvisionPlan(InstancePaths.forDir(dir));
        String first = plan.requestRerun();
        String second = plan.requestRerun(); // made while a pass served the first
        plan.rerunServed(first);
        assertThat(plan.rerunRequest()).contains(second);
        plan.rerunServed(second);
        assertThat(plan.rerunRequest()).isEmpty();
    }

    @Test
    void aScriptsIdentity_isTheHashOfItsContent_notItsName() {
        // sha256("echo 1"), as sha256sum prints it in the guest
        assertThat(new ProvisionScript("x", "echo 1").sha256()).isEqualTo(new ProvisionScript("y", "echo 1").sha256())
                .isEqualTo("8ff76b84557c1745fe2003155f68de27f0c501ccceefd947b5746fe7a7de831e")
                .isNotEqualTo(new ProvisionScript("x", "echo 2").sha256());
    }
}
