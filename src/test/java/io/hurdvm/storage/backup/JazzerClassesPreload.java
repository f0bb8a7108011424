package io.hurdvm.storage.backup;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.jar.JarFile;

/**
 * Loads Jazzer's own classes before a fuzz test installs its agent. Seen once in CI: the agent's
 * install (retransforming every loaded class) and surefire's command thread both loaded one of
 * Jazzer's classes at the same moment, each holding the lock the other needed (the jar's and the
 * class name's), and the test JVM hung for good. With those classes already loaded, neither thread
 * loads them during the install. {@code forkedProcessTimeoutInSeconds} of the fuzz execution in
 * pom.xml bounds whatever other hang remains.
 */
public final class JazzerClassesPreload {
    private static final String AGENT_CLASS = "com.code_intelligence.jazzer.third_party.kotlin.collections.MapsKt";

    private JazzerClassesPreload() {
    }

    public static void loadAll() throws IOException, URISyntaxException, ClassNotFoundException {
        ClassLoader loader = JazzerClassesPreload.class.getClassLoader();
        Class<?> known = Class.forName(AGENT_CLASS, false, loader);
        Path jar = Path.of(known.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (JarFile file = new JarFile(jar.toFile())) {
            for (var entry : Collections.list(file.entries())) {
                String name = entry.getName();
                if (name.startsWith("com/code_intelligence/jazzer/") && name.endsWith(".class") && !name.contains("module-info")) {
                    try {
                        Class.forName(name.substring(0, name.length() - ".class".length()).replace('/', '.'), false, loader);
                    } catch (ClassNotFoundException | LinkageError optional) {
                        // A class for another platform or an optional dependency: not one the agent loads here.
                    }
                }
            }
        }
    }
}
