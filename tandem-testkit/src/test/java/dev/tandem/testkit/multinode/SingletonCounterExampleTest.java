package dev.tandem.testkit.multinode;

import dev.tandem.testkit.history.CounterTotal;
import dev.tandem.testkit.history.History;
import dev.tandem.testkit.history.HistoryRecorder;
import dev.tandem.testkit.history.Invocation;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.SingletonActor;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The example of docs/testkit.md: client load from two nodes, a paused node, a checked history. */
class SingletonCounterExampleTest {

  @RegisterExtension
  static final MultiNodeExtension nodes = MultiNodeExtension.create(ClusterSpec.processes(3).withConfig("""
      pekko.actor.serialization-bindings {
        "dev.tandem.testkit.multinode.SingletonCounterExampleTest$Counter$Command" = jackson-cbor
      }
      """));

  /** The system under test: a counter run as a cluster singleton (on the oldest node, node-1). */
  static final class Counter {
    sealed interface Command {}

    record Add(String id, long amount, ActorRef<Long> replyTo) implements Command {}

    record Get(ActorRef<Long> replyTo) implements Command {}

    static Behavior<Command> create(long total) {
      return Behaviors.receive(Command.class)
          .onMessage(Add.class, add -> {
            add.replyTo().tell(total + add.amount());
            return create(total + add.amount());
          })
          .onMessage(Get.class, get -> {
            get.replyTo().tell(total);
            return Behaviors.same();
          })
          .build();
    }

    /** Starts the singleton manager on this node (every node must) and returns the proxy. */
    static ActorRef<Command> proxy(NodeContext node) {
      return ClusterSingleton.get(node.system()).init(SingletonActor.of(create(0), "counter"));
    }
  }

  /** Starts the counter singleton on a node. */
  static final class StartCounter implements NodeTask<NodeTask.None, NodeTask.None> {
    @Override
    public NodeTask.None run(NodeContext node, NodeTask.None none) {
      Counter.proxy(node);
      return NodeTask.None.INSTANCE;
    }
  }

  /** A client: adds 1, 2, 3, ... until the test asks it to stop, recording every call. */
  static final class Client implements NodeTask<String, History> {
    @Override
    public History run(NodeContext node, String barrier) throws InterruptedException {
      ActorRef<Counter.Command> counter = Counter.proxy(node);
      HistoryRecorder recorder = HistoryRecorder.create();
      int incarnation = 0;
      String process = node.nodeName() + "/client-" + incarnation;
      for (long i = 1; !node.stopRequested(); i++) {
        long amount = i;
        Invocation call = recorder.invoke(process, "add", process + "-" + i, amount);
        try {
          AskPattern.<Counter.Command, Long>ask(counter, replyTo -> new Counter.Add(call.operation().key(), amount, replyTo),
              Duration.ofSeconds(3), node.system().scheduler()).toCompletableFuture().get(5, TimeUnit.SECONDS);
          call.ok();
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
          // The add may or may not have happened; a client with an unknown outcome gets a new process id.
          call.unknown(e.getClass().getSimpleName());
          process = node.nodeName() + "/client-" + ++incarnation;
        }
        if (i == 1) {
          node.enterBarrier(barrier);
        }
      }
      return recorder.history();
    }
  }

  /** Reads the counter's total. */
  static final class ReadTotal implements NodeTask<NodeTask.None, Long> {
    @Override
    public Long run(NodeContext node, NodeTask.None none) throws Exception {
      return AskPattern.<Counter.Command, Long>ask(Counter.proxy(node), Counter.Get::new, Duration.ofSeconds(5),
          node.system().scheduler()).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  @DisplayName("no acknowledged add is lost while a client node is paused and resumed")
  void noAcknowledgedAddIsLost(TestCluster cluster) {
    for (Node n : cluster.nodes()) {
      n.run(StartCounter.class);
    }
    Node two = cluster.node(2);
    Node three = cluster.node(3);
    TaskRun<History> clientOnTwo = two.start(Client.class, "clients-running");
    TaskRun<History> clientOnThree = three.start(Client.class, "clients-running");
    cluster.enterBarrier("clients-running", List.of(two, three));

    three.pause();
    cluster.awaitUnreachable(three);
    three.resume();
    cluster.awaitReachable(three);

    clientOnTwo.requestStop();
    clientOnThree.requestStop();
    History history = History.merge(clientOnTwo.await(), clientOnThree.await());
    long total = cluster.node(1).run(ReadTotal.class);
    CounterTotal.check(history, 0, total).assertValid();
  }
}
