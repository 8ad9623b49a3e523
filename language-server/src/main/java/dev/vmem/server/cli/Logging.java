package dev.vmem.server.cli;

import org.apache.log4j.ConsoleAppender;
import org.apache.log4j.Level;
import org.apache.log4j.Logger;
import org.apache.log4j.PatternLayout;
import org.apache.log4j.varia.NullAppender;

/**
 * Xtext and EMF log through log4j (reload4j). The CLI reports problems itself, so their log stays
 * silent, and log4j does not complain about a missing configuration; --debug lets warnings through
 * to standard error.
 */
final class Logging {

    private Logging() {
    }

    static synchronized void quiet() {
        Logger root = Logger.getRootLogger();
        root.removeAllAppenders();
        root.addAppender(new NullAppender());
        root.setLevel(Level.OFF);
    }

    static synchronized void debug() {
        Logger root = Logger.getRootLogger();
        root.removeAllAppenders();
        var appender = new ConsoleAppender(new PatternLayout("vmem: log: %p %c: %m%n"), ConsoleAppender.SYSTEM_ERR);
        root.addAppender(appender);
        root.setLevel(Level.WARN);
    }
}
