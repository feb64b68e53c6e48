package dev.tandem.testkit.multinode;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentMap;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;

/** What a {@link NodeTask} gets on the node. */
public interface NodeContext {

  /** The participant name of the test JVM in barriers with explicit participants. */
  String TEST = "test";

  /** This node's name. */
  String nodeName();

  /** This node's Pekko address string. */
  String address();

  /** This node's ActorSystem (a cluster member). */
  ActorSystem<Void> system();

  /**
   * Spawns a top-level actor on this node's ActorSystem that outlives the task.
   *
   * @throws org.apache.pekko.actor.InvalidActorNameException if the name is taken
   */
  <T> ActorRef<T> spawn(Behavior<T> behavior, String name);

  /**
   * State shared by all tasks that run on this node during its current incarnation (for example
   * a client started by one task and queried by the next). Gone when the node restarts.
   */
  ConcurrentMap<String, Object> attributes();

  /** True once the test has called {@link TaskRun#requestStop()} for this run. */
  boolean stopRequested();

  /**
   * Waits until the test requests a stop or {@code timeout} passes, whichever is first; use it to
   * pace a loop without sleeping past a stop request.
   *
   * @return true if a stop was requested
   */
  boolean awaitStopRequest(Duration timeout) throws InterruptedException;

  /**
   * Enters barrier {@code name} and waits, with the default bound, until every participant has:
   * the participants the test named when it entered, or, if nobody names them, the test and every
   * running node.
   *
   * @throws BarrierException if a participant dies or the barrier does not complete in time
   */
  void enterBarrier(String name);

  /** {@link #enterBarrier(String)} with its own bound. */
  void enterBarrier(String name, Duration timeout);

  /**
   * Enters barrier {@code name} naming its participants: node names, and {@link #TEST} for the
   * test JVM. Every participant that names them must name the same set.
   */
  void enterBarrier(String name, Duration timeout, Set<String> participants);
}
