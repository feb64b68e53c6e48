package dev.tandem.cluster.pool.internal;

import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * A job on the node that runs it, as a message of that node's local pool. Never serialized: it is
 * built by the node's host from a {@link NodeHost.Work} (or handed over in-JVM) and stays there.
 *
 * @param jobId the job's id at its origin
 * @param dispatch which of the origin's dispatches of the job this is
 * @param atMostOnce the job may start at most once
 * @param reportDone tell the origin {@link Dispatcher.Done} when the handler returns (tells only)
 * @param origin where to report the outcome
 * @param message the user's message
 * @param failedWith for an at-most-once job: the failure of its one try, so that the local pool's
 *     retry of it reports instead of running it again
 */
record NodeJob(
    long jobId,
    int dispatch,
    boolean atMostOnce,
    boolean reportDone,
    ActorRef<Dispatcher.Command> origin,
    Object message,
    AtomicReference<String> failedWith) {

  static NodeJob of(long jobId, int dispatch, boolean atMostOnce, boolean reportDone,
      ActorRef<Dispatcher.Command> origin, Object message) {
    return new NodeJob(jobId, dispatch, atMostOnce, reportDone, origin, message, new AtomicReference<>());
  }
}
