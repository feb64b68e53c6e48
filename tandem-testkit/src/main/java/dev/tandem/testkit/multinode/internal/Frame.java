package dev.tandem.testkit.multinode.internal;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.testkit.multinode.ClusterView;
import java.util.List;

/**
 * The control protocol between the test JVM and its nodes: length-prefixed JSON frames over one
 * loopback TCP connection per node incarnation, opened by the node.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "frame")
@JsonSubTypes({
  @JsonSubTypes.Type(value = Frame.Connected.class, name = "connected"),
  @JsonSubTypes.Type(value = Frame.Started.class, name = "started"),
  @JsonSubTypes.Type(value = Frame.StartFailed.class, name = "start-failed"),
  @JsonSubTypes.Type(value = Frame.ViewChanged.class, name = "view"),
  @JsonSubTypes.Type(value = Frame.TaskDone.class, name = "task-done"),
  @JsonSubTypes.Type(value = Frame.TaskFailed.class, name = "task-failed"),
  @JsonSubTypes.Type(value = Frame.BarrierEnter.class, name = "barrier-enter"),
  @JsonSubTypes.Type(value = Frame.Ack.class, name = "ack"),
  @JsonSubTypes.Type(value = Frame.Join.class, name = "join"),
  @JsonSubTypes.Type(value = Frame.RunTask.class, name = "run-task"),
  @JsonSubTypes.Type(value = Frame.StopTask.class, name = "stop-task"),
  @JsonSubTypes.Type(value = Frame.SetBlackholes.class, name = "blackholes"),
  @JsonSubTypes.Type(value = Frame.BarrierReleased.class, name = "barrier-released")
})
public sealed interface Frame {

  // ---- node -> test

  /** First frame of a connection: which launch this is. */
  record Connected(String node, String token, long pid) implements Frame {}

  /** The node's ActorSystem runs at {@code address} with this incarnation's {@code uid}. */
  record Started(String address, long uid) implements Frame {}

  /** The ActorSystem could not start; the node exits after sending this. */
  record StartFailed(String reason, boolean portInUse) implements Frame {}

  /** The node's cluster view changed. */
  record ViewChanged(ClusterView view) implements Frame {}

  /** Task {@code id} returned {@code result}. */
  record TaskDone(long id, JsonNode result) implements Frame {}

  /** Task {@code id} failed; {@code error} describes it with the node-side stack trace. */
  record TaskFailed(long id, String error) implements Frame {}

  /** A task entered a barrier; {@code participants} empty means "as the test decides". */
  record BarrierEnter(long id, String barrier, List<String> participants, long timeoutMillis) implements Frame {}

  /** Command {@code id} was carried out ({@code error} empty) or not. */
  record Ack(long id, String error) implements Frame {}

  // ---- test -> node

  /** Join the cluster through {@code seeds}; empty seeds: join yourself (form a new cluster). */
  record Join(List<String> seeds) implements Frame {}

  /** Run a task; the reply is TaskDone or TaskFailed with the same id. */
  record RunTask(long id, String taskClass, JsonNode params) implements Frame {}

  /** Request task {@code id} to stop. */
  record StopTask(long id) implements Frame {}

  /** Blackhole exactly these peer addresses (both directions) from now on; replied with Ack. */
  record SetBlackholes(long id, List<String> addresses) implements Frame {}

  /** Barrier entry {@code id} completed ({@code error} empty) or failed. */
  record BarrierReleased(long id, String error) implements Frame {}
}
