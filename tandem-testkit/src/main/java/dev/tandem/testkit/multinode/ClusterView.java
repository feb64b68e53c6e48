package dev.tandem.testkit.multinode;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One node's view of the cluster membership, as reported by the node after each membership or
 * reachability event. Addresses are Pekko address strings ({@link Node#address()}).
 *
 * @param observer the address of the node holding this view
 * @param selfStatus the observer's own status
 * @param members every member's status (one entry per address: the newest incarnation)
 * @param unreachable addresses of members this node's side of the cluster considers unreachable
 * @param leader the leader's address, if there is one
 */
public record ClusterView(
    String observer, MemberStatus selfStatus, Map<String, MemberStatus> members, Set<String> unreachable,
    Optional<String> leader) {

  public ClusterView {
    Objects.requireNonNull(observer, "observer");
    Objects.requireNonNull(selfStatus, "selfStatus");
    members = Map.copyOf(members);
    unreachable = Set.copyOf(unreachable);
    Objects.requireNonNull(leader, "leader");
  }

  /** The view of a node that has not reported yet: it knows of no members. */
  public static ClusterView none(String observer) {
    return new ClusterView(observer, MemberStatus.ABSENT, Map.of(), Set.of(), Optional.empty());
  }

  /** {@code node}'s status in this view, {@link MemberStatus#ABSENT} if it is not a member. */
  public MemberStatus statusOf(Node node) {
    return statusOf(node.address());
  }

  /** The status of the member at {@code address}, {@link MemberStatus#ABSENT} if none. */
  public MemberStatus statusOf(String address) {
    return members.getOrDefault(address, MemberStatus.ABSENT);
  }

  /** True if {@code node} is a member (any status) in this view. */
  public boolean isMember(Node node) {
    return members.containsKey(node.address());
  }

  /** True if {@code node} is a member this view considers unreachable. */
  public boolean isUnreachable(Node node) {
    return unreachable.contains(node.address());
  }

  /** True if {@code node} is a member with status Up that this view considers reachable. */
  public boolean isUp(Node node) {
    return statusOf(node) == MemberStatus.UP && !isUnreachable(node);
  }
}
