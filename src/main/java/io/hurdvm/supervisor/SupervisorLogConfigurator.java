package io.hurdvm.supervisor;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.status.NopStatusListener;
import java.util.List;
import java.util.Optional;

/**
 * logback.xml's levels, set in code, for a detached supervisor only (the spawner sets
 * {@value #PROPERTY}): reading the XML (Joran, a SAX parser and some 500 classes) took 0.1-0.3 s
 * of every supervisor's start before QEMU could start (issue 14), and the supervisor replaces the
 * appender with its own log file at once ({@link SupervisorLogFile}). Every other process passes
 * this by and reads logback.xml; keep the two in step.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class SupervisorLogConfigurator extends ContextAwareBase implements Configurator {
    static final String PROPERTY = "hurdvm.log.programmatic";
    private static final List<String> LIBRARIES = List.of("org.apache.sshd", "org.eclipse.jetty", "io.javalin");

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty(PROPERTY) == null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        context.getStatusManager().add(new NopStatusListener());
        context.putProperty("instance_name", "hurdvm");
        // The spawner always sets hurdvm.log.level, which wins over HURDVM_LOG_LEVEL in logback.xml too.
        Level own = Level.toLevel(lookup("hurdvm.log.level").orElse("INFO"), Level.INFO);
        Optional<String> libraries = lookup("hurdvm.log.libraries");
        context.getLogger("io.hurdvm").setLevel(own);
        for (String library : LIBRARIES) {
            context.getLogger(library).setLevel(Level.toLevel(libraries.orElse("WARN"), Level.WARN));
        }
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(libraries.map(l -> Level.toLevel(l, own)).orElse(own));
        // Until the supervisor opens its log file: stderr (supervisor.out), as logback.xml's text appender.
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{HH:mm:ss.SSS} %-5level [%property{instance_name}] %logger{0}: %msg%n%ex{short}");
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        root.addAppender(stderr);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** A system property, as logback.xml's ${NAME} finds it (only HostEnvironment reads the environment). */
    private static Optional<String> lookup(String name) {
        return Optional.ofNullable(System.getProperty(name)).filter(v -> !v.isBlank());
    }
}
