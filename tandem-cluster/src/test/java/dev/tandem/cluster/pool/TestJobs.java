package dev.tandem.cluster.pool;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The jobs the tests run through cluster pools, and the worker that runs them. A worker records
 * every run in its node's {@link Executions} (in memory and, for process tests, in a file that
 * survives kill -9), which is what the checkers compare client histories against.
 */
final class TestJobs {

  private TestJobs() {}

  /** Bound to jackson-cbor in {@link #SERIALIZATION}. */
  interface TestMessage {}

  /**
   * A job. Keys containing {@code poison} make every worker throw; keys starting with {@code
   * amo-} are at-most-once (see {@link #atMostOnce}).
   */
  record Work(String key, ActorRef<Result> replyTo) implements TestMessage {}

  /** The reply: which node ran the job. */
  record Result(String key, String node) implements TestMessage {}

  /** A message that has no serializer binding: it cannot leave its node. */
  record Unbound(String key, ActorRef<Result> replyTo) {}

  static final String SERIALIZATION = """
      pekko.actor.serialization-bindings {
        "dev.tandem.cluster.pool.TestJobs$TestMessage" = jackson-cbor
      }
      # Cluster pools use no journal: nothing should connect to one at boot.
      tandem.journal.start-at-boot = off
      """;

  static boolean atMostOnce(Object message) {
    return message instanceof Work w && w.key().startsWith("amo-");
  }

  static String key(Object message) {
    return message instanceof Work w ? w.key() : ((Unbound) message).key();
  }

  /** The worker every test pool runs. */
  static Behavior<Object> worker(String node, Executions executions) {
    return Behaviors.receiveMessage(message -> {
      String key = key(message);
      Stall.holdIfStalled(key, node, executions);
      if (key.contains("poison")) {
        executions.record("try", key, node);
        throw new IllegalStateException("poison job " + key);
      }
      executions.record("run", key, node);
      ActorRef<Result> replyTo = message instanceof Work w ? w.replyTo() : ((Unbound) message).replyTo();
      replyTo.tell(new Result(key, node));
      return Behaviors.same();
    });
  }

  /** Every job a node's workers ran or held, in order; optionally mirrored to a file. */
  static final class Executions {
    private final ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
    private final FileChannel file;

    Executions(String file) {
      try {
        this.file = file.isEmpty() ? null : FileChannel.open(Path.of(file),
            StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    void record(String event, String key, String node) {
      String line = event + " " + key + " " + node;
      lines.add(line);
      if (file != null) {
        // One write per line on an O_APPEND channel: whole lines, and the kernel keeps them
        // when the process is killed.
        synchronized (this) {
          try {
            file.write(ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      }
    }

    List<String> lines() {
      return new ArrayList<>(lines);
    }

    /** Reads a node's file from the test JVM (the node may be dead). */
    static List<String> read(Path file) {
      try {
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Lets a test freeze one node's workers (process tests: one node per JVM). */
  static final class Stall {
    private static volatile CountDownLatch latch;

    private Stall() {}

    static void on() {
      latch = new CountDownLatch(1);
    }

    static void off() {
      CountDownLatch l = latch;
      latch = null;
      if (l != null) {
        l.countDown();
      }
    }

    static void holdIfStalled(String key, String node, Executions executions) {
      CountDownLatch l = latch;
      if (l != null) {
        executions.record("held", key, node);
        try {
          // Bounded, so a forgotten stall cannot outlive its test.
          l.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }
}
