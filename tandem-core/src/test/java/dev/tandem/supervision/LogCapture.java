package dev.tandem.supervision;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.slf4j.LoggerFactory;

/**
 * Captures one logger's events in memory for the duration of a test, at a chosen level, without
 * printing them. Tests use it to check what an operator would read.
 */
final class LogCapture implements AutoCloseable {
  private final Logger logger;
  private final Level previous;
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  private LogCapture(Class<?> loggerClass, Level level) {
    logger = (Logger) LoggerFactory.getLogger(loggerClass);
    previous = logger.getLevel();
    appender.start();
    logger.addAppender(appender);
    logger.setLevel(level);
  }

  static LogCapture of(Class<?> loggerClass, Level level) {
    return new LogCapture(loggerClass, level);
  }

  List<ILoggingEvent> events() {
    synchronized (appender) {
      return List.copyOf(appender.list);
    }
  }

  /** Waits (bounded) for a line matching {@code test} and returns its formatted message. */
  String awaitMessage(Predicate<String> test) {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (System.nanoTime() < deadline) {
      for (ILoggingEvent event : events()) {
        if (test.test(event.getFormattedMessage())) {
          return event.getFormattedMessage();
        }
      }
      Thread.onSpinWait();
    }
    throw new AssertionError("no log line matched; captured: "
        + events().stream().map(ILoggingEvent::getFormattedMessage).toList());
  }

  /** The event whose message matches, with its stack trace (if any) still attached. */
  ILoggingEvent awaitEvent(Predicate<String> test) {
    String message = awaitMessage(test);
    return events().stream().filter(e -> e.getFormattedMessage().equals(message)).findFirst().orElseThrow();
  }

  @Override
  public void close() {
    logger.detachAppender(appender);
    logger.setLevel(previous);
  }
}
