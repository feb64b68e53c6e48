package dev.tandem.cluster.hotwarm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class HotWarmSingleNodeTest {

  static TestCluster cluster;
  static ActorSystem<Void> node;

  @BeforeAll
  static void start() throws Exception {
    cluster = new TestCluster();
    node = cluster.node("single", "");
    cluster.join(node, node);
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  private static Counter.Reply get(HotWarmRef<Counter.Command, Counter.Reply> ref, String id, Counter.Command c) throws Exception {
    return ref.ask(id, c).toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("commands are applied in order and replies reflect the state after them")
  void appliesCommands() throws Exception {
    HotWarmRef<Counter.Command, Counter.Reply> counter = HotWarm.init(node, HotWarmSpec.of("apply", Counter::create));
    assertEquals(new Counter.Reply(5, 1), get(counter, "a-1", new Counter.Add(5)));
    assertEquals(new Counter.Reply(12, 2), get(counter, "a-2", new Counter.Add(7)));
    assertEquals(new Counter.Reply(12, 2), get(counter, "a-3", new Counter.Get()));
  }

  @Test
  @DisplayName("a retried command id gets its original reply and is not applied again")
  void atMostOnce() throws Exception {
    HotWarmRef<Counter.Command, Counter.Reply> counter = HotWarm.init(node, HotWarmSpec.of("dedup", Counter::create));
    Counter.Reply first = get(counter, "same-id", new Counter.Add(10));
    get(counter, "other", new Counter.Add(1));
    Counter.Reply retried = get(counter, "same-id", new Counter.Add(10));
    assertEquals(first, retried);
    assertEquals(new Counter.Reply(11, 2), get(counter, "read", new Counter.Get()));
  }

  @Test
  @DisplayName("a retry is recognised after more commands than remembered-commands, while within remembered-for")
  void atMostOnceAfterABurst() throws Exception {
    // Only 5 ids by count, but every id for a minute: a burst of 30 commands pushes nothing out.
    HotWarmSettings fewIds = HotWarmSettings.create(node.settings().config()).withRememberedCommands(5);
    HotWarmRef<Counter.Command, Counter.Reply> counter =
        HotWarm.init(node, HotWarmSpec.of("burst", Counter::create).withSettings(fewIds));
    Counter.Reply first = get(counter, "burst-0", new Counter.Add(100));
    for (int i = 1; i <= 30; i++) {
      get(counter, "burst-" + i, new Counter.Add(1));
    }
    assertEquals(first, get(counter, "burst-0", new Counter.Add(100)), "the original reply");
    assertEquals(new Counter.Reply(130, 31), get(counter, "burst-read", new Counter.Get()), "applied once");
  }

  @Test
  @DisplayName("init twice for one name returns a reference to the same singleton")
  void initIsIdempotent() throws Exception {
    HotWarmRef<Counter.Command, Counter.Reply> one = HotWarm.init(node, HotWarmSpec.of("twice", Counter::create));
    HotWarmRef<Counter.Command, Counter.Reply> two = HotWarm.init(node, HotWarmSpec.of("twice", Counter::create));
    get(one, "t-1", new Counter.Add(3));
    assertEquals(new Counter.Reply(3, 1), get(two, "t-2", new Counter.Get()));
  }

  @Test
  @DisplayName("a command whose handler throws fails with CommandFailed and changes nothing")
  void handlerFailure() throws Exception {
    HotWarmRef<Counter.Command, Counter.Reply> counter = HotWarm.init(node, HotWarmSpec.of("explode", Counter::create));
    get(counter, "e-1", new Counter.Add(2));
    CompletionException failed = assertThrows(CompletionException.class,
        () -> counter.ask("e-2", new Counter.Explode("no such account")).toCompletableFuture().join());
    assertInstanceOf(CommandFailed.class, failed.getCause());
    assertTrue(failed.getCause().getMessage().contains("no such account"));
    assertEquals(new Counter.Reply(2, 1), get(counter, "e-3", new Counter.Get()));
  }

  @Test
  @DisplayName("past the buffer size a command is rejected at once, and the buffered ones still complete")
  void bufferOverflowIsRejected() throws Exception {
    HotWarmSettings small = HotWarmSettings.create(node.settings().config()).withBufferSize(3);
    HotWarmRef<Counter.Command, Counter.Reply> counter =
        HotWarm.init(node, HotWarmSpec.of("overflow", Counter::create).withSettings(small));
    List<CompletableFuture<Counter.Reply>> sent = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      sent.add(counter.ask("o-" + i, new Counter.Add(1)).toCompletableFuture());
    }
    long rejected = 0;
    long applied = 0;
    for (CompletableFuture<Counter.Reply> f : sent) {
      try {
        f.get(20, TimeUnit.SECONDS);
        applied++;
      } catch (java.util.concurrent.ExecutionException e) {
        assertInstanceOf(CommandRejected.class, e.getCause());
        rejected++;
      }
    }
    assertTrue(rejected > 0, "some commands should have been rejected");
    assertEquals(50, rejected + applied);
    assertEquals(new Counter.Reply(applied, applied), get(counter, "o-read", new Counter.Get()));
  }

  @Test
  @DisplayName("a command never acknowledged fails with CommandOutcomeUnknown at its deadline")
  void deadline() {
    // A singleton restricted to a role no node has never starts: nothing can acknowledge.
    HotWarmSettings nowhere = HotWarmSettings.create(node.settings().config())
        .withRole("nobody-has-this-role").withDeadline(Duration.ofMillis(600));
    HotWarmRef<Counter.Command, Counter.Reply> counter =
        HotWarm.init(node, HotWarmSpec.of("nowhere", Counter::create).withSettings(nowhere));
    CompletionException e = assertThrows(CompletionException.class,
        () -> counter.ask("n-1", new Counter.Add(1)).toCompletableFuture().join());
    CommandOutcomeUnknown unknown = assertInstanceOf(CommandOutcomeUnknown.class, e.getCause());
    assertEquals("n-1", unknown.commandId());
  }

  @Test
  @DisplayName("starting without a downing provider is refused with the key to set")
  void refusesWithoutDowning() {
    HotWarmSettings settings = HotWarmSettings.create(node.settings().config());
    var config = com.typesafe.config.ConfigFactory.parseString("pekko.cluster.downing-provider-class = \"\"")
        .withFallback(node.settings().config());
    HotWarmConfigurationException e = assertThrows(HotWarmConfigurationException.class,
        () -> HotWarm.checkCluster(config, settings));
    assertTrue(e.getMessage().contains("pekko.cluster.downing-provider-class"), e.getMessage());
  }

  @Test
  @DisplayName("a bad setting fails with the name of its key")
  void badSettingNamesKey() {
    var config = com.typesafe.config.ConfigFactory.parseString("tandem.hotwarm.client.buffer-size = 0")
        .withFallback(node.settings().config());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HotWarmSettings.create(config));
    assertTrue(e.getMessage().contains("tandem.hotwarm.client.buffer-size"), e.getMessage());
  }

  @Test
  @DisplayName("remembered-for shorter than the client deadline fails with both keys")
  void rememberedForCoversTheDeadline() {
    var config = com.typesafe.config.ConfigFactory.parseString(
            "tandem.hotwarm.remembered-for = 5s\ntandem.hotwarm.client.deadline = 10s")
        .withFallback(node.settings().config());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HotWarmSettings.create(config));
    assertTrue(e.getMessage().contains("tandem.hotwarm.remembered-for"), e.getMessage());
    assertTrue(e.getMessage().contains("tandem.hotwarm.client.deadline"), e.getMessage());
  }
}
