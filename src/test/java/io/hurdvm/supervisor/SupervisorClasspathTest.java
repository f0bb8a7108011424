package io.hurdvm.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/** The jars a supervisor runs without ({@link RuntimeSnapshot#SERVE_ONLY}) hold nothing it can reach. */
class SupervisorClasspathTest {
    /** The packages of the serve-only jars. */
    private static final List<String> SERVE_ONLY_PACKAGES = List.of("org.eclipse.jetty.", "io.javalin.", "jakarta.",
            "io.prometheus.", "io.micrometer.", "kotlin.", "org.HdrHistogram.", "org.objectweb.asm.", "org.jspecify.",
            "org.intellij.lang.annotations.", "org.jetbrains.annotations.");
    private static final String ENTRY = "io.hurdvm.lifecycle.SupervisorProcess";

    @Test
    void noClassTheSupervisorProcessCanReachRefersToAServeOnlyJar() {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.hurdvm");
        Set<String> reached = new HashSet<>();
        Set<String> forbidden = new TreeSet<>();
        Deque<JavaClass> todo = new ArrayDeque<>(List.of(classes.get(ENTRY)));
        while (!todo.isEmpty()) {
            JavaClass c = todo.pop();
            if (!reached.add(c.getName())) {
                continue;
            }
            for (Dependency d : c.getDirectDependenciesFromSelf()) {
                String target = d.getTargetClass().getName();
                if (isServeOnly(target)) {
                    forbidden.add(c.getName() + " -> " + target);
                } else if (target.startsWith("io.hurdvm.") && classes.contain(target)) {
                    todo.push(classes.get(target));
                }
            }
        }
        assertThat(reached).as("the walk found the supervisor's classes").contains(ENTRY, SupervisorMain.class.getName(),
                GuestAccess.class.getName());
        assertThat(forbidden).as("references from the supervisor's classes to jars left off its class path").isEmpty();
    }

    @Test
    void everyJarTheFilterLeavesOutHoldsOnlyServeOnlyPackages() throws IOException {
        int leftOut = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path jar = Path.of(entry);
            if (!entry.endsWith(".jar") || RuntimeSnapshot.onSupervisorClasspath(jar)) {
                continue;
            }
            leftOut++;
            try (JarFile file = new JarFile(jar.toFile())) {
                List<String> others = file.stream().map(e -> e.getName())
                        .filter(n -> n.endsWith(".class") && !n.startsWith("META-INF/") && !n.endsWith("module-info.class"))
                        .map(n -> n.replace('/', '.'))
                        .filter(n -> !isServeOnly(n))
                        .limit(3)
                        .toList();
                assertThat(others).as("classes the supervisor might need in " + jar.getFileName()).isEmpty();
            }
        }
        assertThat(leftOut).as("serve-only jars on the test class path").isGreaterThan(20);
    }

    @Test
    void keepsTheJarsASupervisorLoadsFrom() {
        for (String kept : List.of("hurdvm.jar", "annotations-2.57.8.jar", "sshd-core-2.20.0.jar", "jackson-annotations-2.23.jar",
                "logback-classic-1.5.38.jar", "bcprov-jdk18on-1.87.jar", "s3-2.57.8.jar")) {
            assertThat(RuntimeSnapshot.onSupervisorClasspath(Path.of("/runtime", kept))).as(kept).isTrue();
        }
        for (String left : List.of("jetty-server-12.1.12.jar", "annotations-13.0.jar", "asm-9.10.1.jar", "supervisor.jsa")) {
            assertThat(RuntimeSnapshot.onSupervisorClasspath(Path.of("/runtime", left))).as(left).isFalse();
        }
    }

    private static boolean isServeOnly(String className) {
        return SERVE_ONLY_PACKAGES.stream().anyMatch(className::startsWith);
    }
}
