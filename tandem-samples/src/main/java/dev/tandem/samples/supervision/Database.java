package dev.tandem.samples.supervision;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PreRestart;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A stand-in for a database connection: answers queries, and can be told to lose its connection. */
final class Database {
  private static final Logger LOG = LoggerFactory.getLogger(Database.class);

  private Database() {}

  sealed interface Command {}

  /** Replies with the answer and the connection that served it. */
  record Query(String sql, ActorRef<String> replyTo) implements Command {}

  /** Makes the connection fail, as a network blip would. */
  record LoseConnection(String why) implements Command {}

  static Behavior<Command> create() {
    return Behaviors.setup(ctx -> {
      long connection = System.nanoTime() % 10_000;
      LOG.info("db: connected (connection {})", connection);
      return Behaviors.receive(Command.class)
          .onMessage(Query.class, q -> {
            q.replyTo().tell("result of '" + q.sql() + "' from connection " + connection);
            return Behaviors.same();
          })
          .onMessage(LoseConnection.class, l -> {
            throw new IllegalStateException("connection " + connection + " lost: " + l.why());
          })
          .onSignal(PreRestart.class, s -> {
            LOG.info("db: closing connection {} before restart", connection);
            return Behaviors.same();
          })
          .build();
    });
  }
}
