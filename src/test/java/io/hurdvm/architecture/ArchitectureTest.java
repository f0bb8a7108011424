package io.hurdvm.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.syntax.ArchRuleDefinition;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;
import io.hurdvm.env.HostEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The package layers written down in docs/architecture.md hold for the compiled classes. */
class ArchitectureTest {
    private static final String ROOT = "io.hurdvm.";
    private static final Pattern ROW = Pattern.compile("^\\|\\s*(\\d+)\\s*\\|([^|]+)\\|");
    private static final Pattern PACKAGE = Pattern.compile("`([a-z.]+)`");
    private static JavaClasses classes;
    private static Map<String, Integer> layers;

    @BeforeAll
    static void importClasses() throws IOException {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.hurdvm");
        layers = layersOf(Path.of("docs", "architecture.md"));
    }

    /** Layer number per package, from the table's rows ("| 7 | `supervisor` | ..."). */
    static Map<String, Integer> layersOf(Path doc) throws IOException {
        Map<String, Integer> result = new HashMap<>();
        for (String line : Files.readAllLines(doc)) {
            Matcher row = ROW.matcher(line);
            if (row.find()) {
                Matcher pkg = PACKAGE.matcher(row.group(2));
                while (pkg.find()) {
                    result.put(pkg.group(1), Integer.parseInt(row.group(1)));
                }
            }
        }
        return result;
    }

    @Test
    void everyPackage_hasALayerInTheDocument() {
        TreeSet<String> missing = new TreeSet<>();
        for (JavaClass c : classes) {
            if (layerOf(c) == null) {
                missing.add(relative(c.getPackageName()));
            }
        }
        assertThat(missing).as("packages without a row in docs/architecture.md").isEmpty();
    }

    @Test
    void dependenciesPointDown_neverSidewaysOrUp() {
        List<String> violations = new ArrayList<>();
        for (JavaClass origin : classes) {
            Integer from = layerOf(origin);
            for (Dependency d : origin.getDirectDependenciesFromSelf()) {
                JavaClass target = d.getTargetClass();
                if (!target.getPackageName().startsWith(ROOT) || samePackageGroup(origin, target)) {
                    continue;
                }
                Integer to = layerOf(target);
                if (from != null && to != null && to >= from) {
                    violations.add(origin.getName() + " (layer " + from + ") -> " + target.getName() + " (layer " + to + ")");
                }
            }
        }
        assertThat(new TreeSet<>(violations)).as("imports that do not point down the layers of docs/architecture.md").isEmpty();
    }

    /** Settings come from the environment read once by an entry point; nothing else looks at it behind their back. */
    @Test
    void onlyHostEnvironment_readsTheProcessEnvironment() {
        ArchRuleDefinition.noClasses().that().doNotHaveFullyQualifiedName(HostEnvironment.class.getName())
                .should().callMethod(System.class, "getenv")
                .orShould().callMethod(System.class, "getenv", String.class)
                .because("docs/architecture.md: one place reads the environment (HostEnvironment.ofProcess, called by entry points)")
                .check(classes);
    }

    @Test
    void packagesAreFreeOfCycles() {
        SlicesRuleDefinition.slices().matching("io.hurdvm.(*)..").should().beFreeOfCycles().check(classes);
    }

    /** A layer is given per package; a sub-package without a row of its own belongs to its parent's. */
    private static Integer layerOf(JavaClass c) {
        String pkg = relative(c.getPackageName());
        while (!pkg.isEmpty()) {
            Integer layer = layers.get(pkg);
            if (layer != null) {
                return layer;
            }
            int dot = pkg.lastIndexOf('.');
            pkg = dot < 0 ? "" : pkg.substring(0, dot);
        }
        return null;
    }

    /** Within one documented package (e.g. all of cli.*), classes use each other freely. */
    private static boolean samePackageGroup(JavaClass a, JavaClass b) {
        return a.getPackageName().equals(b.getPackageName()) || groupOf(a).equals(groupOf(b));
    }

    private static String groupOf(JavaClass c) {
        String pkg = relative(c.getPackageName());
        while (!pkg.isEmpty() && !layers.containsKey(pkg)) {
            int dot = pkg.lastIndexOf('.');
            pkg = dot < 0 ? "" : pkg.substring(0, dot);
        }
        return pkg;
    }

    private static String relative(String packageName) {
        return packageName.equals("io.hurdvm") ? "" : packageName.substring(ROOT.length());
    }
}
