package dev.tandem.testkit.multinode.internal;

import dev.tandem.testkit.multinode.NodeContext;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;

/** The {@link NodeContext} of one task run on a node. */
final class TaskContext implements NodeContext {

  private final NodeRuntime runtime;
  private final CountDownLatch stop = new CountDownLatch(1);

  TaskContext(NodeRuntime runtime) {
    this.runtime = runtime;
  }

  void requestStop() {
    stop.countDown();
  }

  @Override
  public String nodeName() {
    return runtime.nodeName();
  }

  @Override
  public String address() {
    return runtime.system().address().toString();
  }

  @Override
  public ActorSystem<Void> system() {
    return runtime.system();
  }

  @Override
  public <T> ActorRef<T> spawn(Behavior<T> behavior, String name) {
    return runtime.system().systemActorOf(behavior, name, Props.empty());
  }

  @Override
  public ConcurrentMap<String, Object> attributes() {
    return runtime.attributes();
  }

  @Override
  public boolean stopRequested() {
    return stop.getCount() == 0;
  }

  @Override
  public boolean awaitStopRequest(Duration timeout) throws InterruptedException {
    return stop.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  @Override
  public void enterBarrier(String name) {
    enterBarrier(name, runtime.barrierTimeout());
  }

  @Override
  public void enterBarrier(String name, Duration timeout) {
    runtime.enterBarrier(name, List.of(), timeout);
  }

  @Override
  public void enterBarrier(String name, Duration timeout, Set<String> participants) {
    Objects.requireNonNull(participants, "participants");
    if (participants.isEmpty()) {
      throw new IllegalArgumentException("barrier " + name + ": name at least one participant");
    }
    runtime.enterBarrier(name, List.copyOf(participants), timeout);
  }
}
