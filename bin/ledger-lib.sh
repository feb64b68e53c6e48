# The ledger demo and `bin/tandem cluster ...`; sourced by bin/tandem (uses ROOT, die_usage,
# classpath_of). Every process is started on 127.0.0.1 with free ports and recorded in a pid file
# so it can be stopped again.

JOURNAL_ARGS=()
JOURNAL_KIND=h2
PRESET_ARGS=()

# [--preset P] [--journal postgres --jdbc-url URL [--jdbc-user U] [--jdbc-password P]]; anything else
# is a usage error.
parse_journal_options() {
  local what="$1"; shift
  JOURNAL_ARGS=(); JOURNAL_KIND=h2; PRESET_ARGS=()
  local have_url=no
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --journal)
        [[ $# -ge 2 && ( "$2" == h2 || "$2" == postgres ) ]] || die_usage "$what: --journal must be h2 or postgres"
        JOURNAL_KIND="$2"; JOURNAL_ARGS+=(--journal "$2"); shift 2 ;;
      --preset)
        [[ $# -ge 2 && ( "$2" == fast || "$2" == balanced || "$2" == conservative ) ]] \
            || die_usage "$what: --preset must be fast, balanced or conservative"
        PRESET_ARGS=(--preset "$2"); shift 2 ;;
      --jdbc-url|--jdbc-user|--jdbc-password)
        [[ $# -ge 2 ]] || die_usage "$what: $1 needs a value"
        [[ "$1" == --jdbc-url ]] && have_url=yes
        JOURNAL_ARGS+=("$1" "$2"); shift 2 ;;
      *) die_usage "$what: unknown argument '$1'" ;;
    esac
  done
  if [[ "$JOURNAL_KIND" == postgres && "$have_url" == no ]]; then
    die_usage "$what: --journal postgres needs --jdbc-url jdbc:postgresql://host:port/db"
  fi
  if [[ "$JOURNAL_KIND" == h2 && "$have_url" == yes ]]; then
    die_usage "$what: --jdbc-url is for --journal postgres (the H2 journal is started here)"
  fi
}

# A port nothing listens on now, below the kernel's ephemeral range (32768+ on Linux) so no outgoing
# connection can be holding it, and not handed out before in this run.
USED_PORTS=" "
free_port() {
  local p
  for _ in $(seq 1 200); do
    p=$(( 20000 + RANDOM % 12000 ))
    [[ "$USED_PORTS" == *" $p "* ]] && continue
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      USED_PORTS+="$p "
      echo "$p"
      return 0
    fi
  done
  echo "tandem: no free port found" >&2
  return 1
}

now_ms() { date +%s%3N; }

# Waits up to $2 seconds for file $1 to contain a line matching $3.
await_line() {
  local file="$1" seconds="$2" pattern="$3" deadline=$(( $(date +%s) + $2 ))
  while (( $(date +%s) < deadline )); do
    grep -q -- "$pattern" "$file" 2>/dev/null && return 0
    sleep 0.2
  done
  return 1
}

JAVA_OPTS_NODE=(-Xmx256m -Xss512k -XX:+UseSerialGC -XX:TieredStopAtLevel=1)

# start_journal DIR: the H2 journal server in its own process; sets JDBC_URL.
start_journal() {
  local dir="$1"
  if [[ "$JOURNAL_KIND" == postgres ]]; then
    return 0
  fi
  mkdir -p "$dir/journal"
  setsid java -Xmx256m -XX:+UseSerialGC -cp "$(classpath_of tandem-samples)" \
      dev.tandem.cluster.journal.JournalServer --port 0 --dir "$dir/journal" \
      </dev/null >"$dir/journal.log" 2>&1 &
  echo $! >"$dir/journal.pid"
  disown $!
  if ! await_line "$dir/journal.log" 60 "TANDEM-JOURNAL READY"; then
    echo "tandem: the journal server did not start within 60 s; see $dir/journal.log" >&2
    return 1
  fi
  local url
  url=$(grep -m1 "TANDEM-JOURNAL READY" "$dir/journal.log" | sed 's/.*url=//')
  JOURNAL_ARGS=(--jdbc-url "$url")
}

# start_node DIR NAME PORT SEEDS
start_node() {
  local dir="$1" name="$2" port="$3" seeds="$4"
  setsid java "${JAVA_OPTS_NODE[@]}" -cp "$(classpath_of tandem-samples)" dev.tandem.samples.ledger.LedgerNode \
      --name "$name" --port "$port" --seeds "$seeds" --run-dir "$dir" "${JOURNAL_ARGS[@]}" "${PRESET_ARGS[@]}" \
      </dev/null >"$dir/$name.log" 2>&1 &
  echo $! >"$dir/$name.pid"
  disown $!
  echo "$port" >"$dir/$name.port"
}

# Waits until every node's status file says it is an Up member.
await_nodes_up() {
  local dir="$1" n="$2" seconds="$3" deadline=$(( $(date +%s) + $3 )) up
  while (( $(date +%s) < deadline )); do
    up=0
    for i in $(seq 1 "$n"); do
      grep -q "member=up" "$dir/node-$i.status" 2>/dev/null && up=$((up + 1))
    done
    (( up == n )) && return 0
    for i in $(seq 1 "$n"); do
      if ! kill -0 "$(cat "$dir/node-$i.pid" 2>/dev/null || echo 0)" 2>/dev/null; then
        echo "tandem: node-$i exited during start-up: $(grep -m1 -E 'Exception|ERROR' "$dir/node-$i.log")" >&2
        return 1
      fi
    done
    sleep 0.3
  done
  return 1
}

# The node whose status says it hosts the active ledger, or nothing.
active_node() {
  local dir="$1" f
  for f in "$dir"/node-*.status; do
    [[ -e "$f" ]] || continue
    if grep -q "role=active" "$f" && kill -0 "$(cat "${f%.status}.pid")" 2>/dev/null; then
      basename "${f%.status}"
      return 0
    fi
  done
}

# One line on the scoring cluster pool, from the surviving nodes' status files (NodeStatus): the
# jobs their desks submitted and how many the pool moved to another node after losing the one
# holding them (the killed node's jobs, scored again elsewhere).
scoring_report() {
  local dir="$1" victim="$2" f submitted=0 redispatched=0 n
  for f in "$dir"/node-*.status; do
    [[ -e "$f" && -e "${f%.status}.pid" ]] || continue
    n=$(sed -n 's/.* scoring_submitted=\([0-9]*\).*/\1/p' "$f"); submitted=$(( submitted + ${n:-0} ))
    n=$(sed -n 's/.* scoring_redispatched=\([0-9]*\).*/\1/p' "$f"); redispatched=$(( redispatched + ${n:-0} ))
  done
  echo "scoring (cluster pool): $submitted jobs submitted by the surviving nodes' desks;" \
      "re-dispatched to a live node after $victim (holding them) was lost: $redispatched"
}

# Stops every process with a pid file in DIR: the nodes and the client first, the journal last (a
# node still polling a journal that is shutting down logs "Database is already closed" errors).
stop_all() {
  local dir="$1" f others=()
  for f in "$dir"/*.pid; do
    [[ -e "$f" && "$(basename "$f")" != journal.pid ]] && others+=("$f")
  done
  stop_pid_files "${others[@]}"
  [[ -e "$dir/journal.pid" ]] && stop_pid_files "$dir/journal.pid"
  return 0
}

# Stops the processes of the given pid files: SIGTERM (after SIGCONT, for paused ones), up to 10 s
# for them to exit, then SIGKILL; removes the pid files.
stop_pid_files() {
  local f
  (( $# > 0 )) || return 0
  for f in "$@"; do
    kill -CONT "$(cat "$f")" 2>/dev/null || true
    kill -TERM "$(cat "$f")" 2>/dev/null || true
  done
  for _ in $(seq 1 50); do
    local alive=0
    for f in "$@"; do
      kill -0 "$(cat "$f")" 2>/dev/null && alive=1
    done
    (( alive == 0 )) && break
    sleep 0.2
  done
  for f in "$@"; do
    kill -KILL "$(cat "$f")" 2>/dev/null || true
    rm -f "$f"
  done
}

######################################################################################################
# bin/tandem demo
######################################################################################################

DEMO_DIR=""
demo_cleanup() {
  [[ -n "$DEMO_DIR" ]] && stop_all "$DEMO_DIR"
}

demo_fail() {
  echo "DEMO FAILED $*"
  exit 1
}

ledger_demo() {
  local started_s; started_s=$(date +%s)
  DEMO_DIR="$ROOT/.tandem/demo"
  rm -rf "$DEMO_DIR"; mkdir -p "$DEMO_DIR"
  trap 'demo_cleanup' EXIT
  trap 'echo; echo "DEMO FAILED interrupted"; exit 130' INT TERM

  local ports=() seeds i
  for i in 1 2 3 4; do free_port >/dev/null; done
  read -r -a ports <<<"$USED_PORTS"
  seeds="${ports[0]},${ports[1]},${ports[2]}"

  echo "== Tandem ledger demo (logs in .tandem/demo/) =="
  if [[ "$JOURNAL_KIND" == h2 ]]; then
    echo "starting the H2 journal server process..."
    start_journal "$DEMO_DIR" || demo_fail "journal server did not start (see .tandem/demo/journal.log)"
    echo "  journal ready: ${JOURNAL_ARGS[1]}"
  else
    echo "using the PostgreSQL journal at ${JOURNAL_ARGS[*]}"
  fi
  echo "starting 3 ledger nodes on 127.0.0.1 ports $seeds..."
  for i in 1 2 3; do start_node "$DEMO_DIR" "node-$i" "${ports[$((i - 1))]}" "$seeds"; done
  await_nodes_up "$DEMO_DIR" 3 90 || demo_fail "the 3 nodes did not form a cluster within 90 s (see .tandem/demo/node-*.log)"
  echo "  cluster formed after $(( $(date +%s) - started_s )) s"

  echo "starting the load client (4 client threads, 25 s of transfers)..."
  setsid java "${JAVA_OPTS_NODE[@]}" -cp "$(classpath_of tandem-samples)" dev.tandem.samples.ledger.LoadClient \
      --name client --port "${ports[3]}" --seeds "$seeds" --run-dir "$DEMO_DIR" --seconds 25 --clients 4 \
      "${JOURNAL_ARGS[@]}" "${PRESET_ARGS[@]}" </dev/null >"$DEMO_DIR/client.log" 2>&1 &
  local client_pid=$!
  disown "$client_pid"
  echo "$client_pid" >"$DEMO_DIR/client.pid"
  await_line "$DEMO_DIR/client.log" 90 "TANDEM-LOAD RUNNING" \
      || demo_fail "the load client got no transfer acknowledged within 90 s (see .tandem/demo/client.log)"
  echo "  transfers are being acknowledged"
  sleep 5

  local victim; victim=$(active_node "$DEMO_DIR")
  [[ -n "$victim" ]] || demo_fail "no node reports hosting the active ledger (see .tandem/demo/node-*.status)"
  echo "kill -9 $victim (it hosts the active ledger) at $(date +%T.%3N)"
  kill -KILL "$(cat "$DEMO_DIR/$victim.pid")"
  rm -f "$DEMO_DIR/$victim.pid"

  local deadline=$(( $(date +%s) + 120 ))
  while kill -0 "$client_pid" 2>/dev/null && (( $(date +%s) < deadline )); do sleep 0.5; done
  kill -0 "$client_pid" 2>/dev/null && demo_fail "the load client did not finish within 120 s of the kill"
  rm -f "$DEMO_DIR/client.pid"

  echo
  echo "== takeover =="
  local takeover_line takeover_ms
  takeover_line=$(grep -h "TANDEM-TAKEOVER" "$DEMO_DIR"/node-*.log | grep -v " epoch=1 " | head -1 || true)
  if [[ -z "$takeover_line" ]]; then
    echo "no takeover reported by the surviving nodes"
    takeover_ms=-1
  else
    echo "${takeover_line#*| }"
    echo "(ms after the new active's node first saw the old one fail)"
    takeover_ms=$(sed 's/.*first_served_ms=\([-0-9]*\).*/\1/' <<<"$takeover_line")
  fi
  sed -n '/== ledger run ==/,/^balances:/p' "$DEMO_DIR/client.log"
  scoring_report "$DEMO_DIR" "$victim"
  local result; result=$(grep -m1 "^TANDEM-RESULT" "$DEMO_DIR/client.log" || true)
  stop_all "$DEMO_DIR"
  echo "(wall time $(( $(date +%s) - started_s )) s)"

  [[ -n "$result" ]] || demo_fail "the load client printed no result (see .tandem/demo/client.log)"
  field() { sed -n "s/.* $1=\\([^ ]*\\).*/\\1/p" <<<"$result"; }
  [[ "$result" == *"TANDEM-RESULT failed"* ]] && demo_fail "load client: ${result#TANDEM-RESULT failed }"
  (( takeover_ms >= 0 )) || demo_fail "no takeover observed after killing $victim"
  local line="takeover_ms=$takeover_ms acknowledged=$(field acknowledged) lost=$(field lost) duplicated=$(field duplicated) invariant=$(field invariant)"
  if [[ "$(field checks)" == ok ]]; then
    echo "DEMO OK $line"
  else
    demo_fail "checks failed: $line single_writer=$(field single_writer)"
  fi
}

######################################################################################################
# bin/tandem cluster ...
######################################################################################################

CLUSTER_DIR="$ROOT/.tandem/cluster"

cluster_up() {
  local n="$1" i ports=() seeds
  if compgen -G "$CLUSTER_DIR/*.pid" >/dev/null; then
    echo "tandem: a cluster is already up (bin/tandem cluster status; bin/tandem cluster down)" >&2
    exit 1
  fi
  rm -rf "$CLUSTER_DIR"; mkdir -p "$CLUSTER_DIR"
  for i in $(seq 1 "$n"); do free_port >/dev/null; done
  read -r -a ports <<<"$USED_PORTS"
  seeds=$(IFS=,; echo "${ports[*]}")
  trap 'stop_all "$CLUSTER_DIR"; exit 130' INT TERM
  if [[ "$JOURNAL_KIND" == h2 ]]; then
    start_journal "$CLUSTER_DIR" || { stop_all "$CLUSTER_DIR"; exit 1; }
    echo "journal: ${JOURNAL_ARGS[1]}"
  fi
  echo "${JOURNAL_ARGS[*]}" >"$CLUSTER_DIR/journal.args"
  for i in $(seq 1 "$n"); do start_node "$CLUSTER_DIR" "node-$i" "${ports[$((i - 1))]}" "$seeds"; done
  if ! await_nodes_up "$CLUSTER_DIR" "$n" 120; then
    echo "tandem: the nodes did not all come up within 120 s (logs in .tandem/cluster/); stopping" >&2
    stop_all "$CLUSTER_DIR"; exit 1
  fi
  trap - INT TERM
  echo "$n ledger nodes up on 127.0.0.1 ports $seeds (logs in .tandem/cluster/)"
  cluster_status
}

cluster_status() {
  if ! compgen -G "$CLUSTER_DIR/node-*.port" >/dev/null; then
    echo "no cluster (bin/tandem cluster up)"; return 0
  fi
  local f name pid state
  [[ -e "$CLUSTER_DIR/journal.pid" ]] && echo "journal: pid $(cat "$CLUSTER_DIR/journal.pid") $(grep -m1 -o 'url=.*' "$CLUSTER_DIR/journal.log" 2>/dev/null)"
  printf '%-8s %-6s %-8s %-8s %s\n' NODE PORT PID PROCESS "STATUS (written by the node every 0.5 s)"
  for f in "$CLUSTER_DIR"/node-*.port; do
    name=$(basename "${f%.port}")
    pid=$(cat "$CLUSTER_DIR/$name.pid" 2>/dev/null || echo -)
    if [[ "$pid" == - ]] || ! kill -0 "$pid" 2>/dev/null; then
      state=dead
    elif [[ "$(ps -o stat= -p "$pid" 2>/dev/null)" == T* ]]; then
      state=paused
    else
      state=running
    fi
    printf '%-8s %-6s %-8s %-8s %s\n' "$name" "$(cat "$f")" "$pid" "$state" \
        "$([[ $state == running ]] && cat "$CLUSTER_DIR/$name.status" 2>/dev/null || echo "-")"
  done
}

cluster_signal() {
  local action="$1" node="$2" pid
  [[ "$node" =~ ^[0-9]+$ ]] && node="node-$node"
  [[ -e "$CLUSTER_DIR/$node.pid" ]] || { echo "tandem: no running node named '$node' (bin/tandem cluster status)" >&2; exit 1; }
  pid=$(cat "$CLUSTER_DIR/$node.pid")
  case "$action" in
    kill) kill -KILL "$pid" && rm -f "$CLUSTER_DIR/$node.pid" && echo "killed $node (kill -9 $pid)" ;;
    pause) kill -STOP "$pid" && echo "paused $node (SIGSTOP $pid)" ;;
    resume) kill -CONT "$pid" && echo "resumed $node (SIGCONT $pid)" ;;
  esac
}

cluster_down() {
  if ! compgen -G "$CLUSTER_DIR/*.pid" >/dev/null; then
    echo "no cluster running"; return 0
  fi
  stop_all "$CLUSTER_DIR"
  rm -f "$CLUSTER_DIR"/*.port "$CLUSTER_DIR"/*.status
  echo "cluster down (logs stay in .tandem/cluster/)"
}
