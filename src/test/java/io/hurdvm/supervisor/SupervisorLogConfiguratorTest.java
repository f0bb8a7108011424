package io.hurdvm.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

class SupervisorLogConfiguratorTest {
    @AfterEach
    void clearProperties() {
        System.clearProperty(SupervisorLogConfigurator.PROPERTY);
        System.clearProperty("hurdvm.log.level");
        System.clearProperty("hurdvm.log.libraries");
    }

    @Test
    void withoutTheProperty_logbackXmlConfiguresTheProcess() {
        LoggerContext context = new LoggerContext();
        assertEquals(ExecutionStatus.INVOKE_NEXT_IF_ANY, new SupervisorLogConfigurator().configure(context));
        assertEquals(null, context.getLogger("io.hurdvm").getLevel());
    }

    @Test
    void detachedSupervisor_getsLogbackXmlsLevels_andAStderrAppender() {
        System.setProperty(SupervisorLogConfigurator.PROPERTY, "true");
        System.setProperty("hurdvm.log.level", "DEBUG");
        LoggerContext context = new LoggerContext();
        assertEquals(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY, new SupervisorLogConfigurator().configure(context));
        assertEquals(Level.DEBUG, context.getLogger("io.hurdvm").getLevel());
        assertEquals(Level.WARN, context.getLogger("org.apache.sshd").getLevel());
        assertEquals(Level.DEBUG, context.getLogger(Logger.ROOT_LOGGER_NAME).getLevel());
        assertTrue(context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders().hasNext());
    }

    @Test
    void librariesLevel_appliesToLibrariesAndTheRoot() {
        System.setProperty(SupervisorLogConfigurator.PROPERTY, "true");
        System.setProperty("hurdvm.log.libraries", "OFF");
        LoggerContext context = new LoggerContext();
        new SupervisorLogConfigurator().configure(context);
        assertEquals(Level.OFF, context.getLogger("org.apache.sshd").getLevel());
        assertEquals(Level.OFF, context.getLogger(Logger.ROOT_LOGGER_NAME).getLevel());
    }
}
