package dev.tandem.supervision;

/**
 * The failure a supervisor raises when its restart intensity is exceeded, after it has stopped all
 * its children. Its cause is the child failure that was one too many.
 *
 * <p>A supervisor that is itself a child of a Tandem supervisor is then handled by its parent's
 * strategy like any other failed child. At the top of a tree, Pekko stops the supervisor's actor
 * and its watchers see it terminated; the reason is logged with the chain of causes before that.
 */
public final class SupervisorEscalation extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String supervisor;
  private final String failedChild;

  public SupervisorEscalation(String supervisor, String failedChild, String message, Throwable cause) {
    super(message, cause);
    this.supervisor = supervisor;
    this.failedChild = failedChild;
  }

  /** The name of the supervisor that gave up. */
  public String supervisor() {
    return supervisor;
  }

  /** The child whose failure exceeded the intensity. */
  public String failedChild() {
    return failedChild;
  }
}
