#!/usr/bin/env bash
# Builds the lossd image and runs it read-only: /health/ready, one POST /loss, the user (not
# root), PID 1, the image's HEALTHCHECK, then `docker stop` (exit code 0, well under 10 s).
# Prints the image size, build time, cold start to ready and the stop time.
#
# No container registry is reachable, so the Docker engine and the node:20-bookworm-slim stand-in
# come from ../shared/tools/docker (DOCKER_TOOLS overrides). Every build and run uses
# `--network host`: the container listens on a free port of this host, on 127.0.0.1.
#
# When Docker cannot start (not root, no tools) the script skips with exit 0, except in CI
# (CI=true), where it must run: there the same condition fails.
set -euo pipefail
cd "$(dirname "$0")/.."
TOOLS=${DOCKER_TOOLS:-../shared/tools/docker}
VERSION=$(node -p 'require("./package.json").version')
IMAGE=lossd:$VERSION
NAME=lossd-smoke-$$
MAX_STOP_S=5

say() { printf 'docker-smoke: %s\n' "$*"; }
fail() { say "FAILED: $*"; exit 1; }
cannot_run() {
  if [ "${CI:-}" = true ]; then fail "$* (CI=true: the image must be built and run here)"; fi
  say "SKIPPED: $*"
  exit 0
}
now_ms() { date +%s%3N; }
seconds_since() { awk -v a="$1" -v b="$(now_ms)" 'BEGIN { printf "%.2f", (b - a) / 1000 }'; }

[ "$(id -u)" = 0 ] || cannot_run "the private Docker engine needs root"
[ -x "$TOOLS/stand-in-base.sh" ] || cannot_run "no Docker tools at $TOOLS"
env_lines=$("$TOOLS/stand-in-base.sh") || cannot_run "the private Docker engine did not start"
eval "$env_lines"
build_log=$(mktemp)
cleanup() {
  if [ "${ok:-}" != 1 ] && docker container inspect "$NAME" >/dev/null 2>&1; then
    say "the container's last log lines:"; docker logs "$NAME" 2>&1 | tail -n 30
  fi
  rm -f "$build_log"
  "$TOOLS/stop.sh"
}
trap cleanup EXIT

start=$(now_ms)
docker build --pull=false --network host -t "$IMAGE" . >"$build_log" 2>&1 ||
  { tail -n 30 "$build_log"; fail "docker build"; }
build_s=$(seconds_since "$start")
megabytes() { docker image inspect -f '{{.Size}}' "$1" | awk '{ printf "%.0f", $1 / 1e6 }'; }
size_mb=$(megabytes "$IMAGE")
say "built $IMAGE in ${build_s} s: ${size_mb} MB, of which the base image is $(megabytes node:20-bookworm-slim) MB"

port=$(node -e 'const s = require("node:net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })')
base="http://127.0.0.1:$port"
start=$(now_ms)
# --read-only: the Kubernetes manifest runs it with a read-only root filesystem too.
docker run -d --name "$NAME" --network host --read-only -e PORT="$port" "$IMAGE" >/dev/null
# Polls in one process, so that the time measured is the container's, not node's start-up per try.
node -e '
  const [url, deadline] = [process.argv[1], Date.now() + 30_000];
  const poll = () => fetch(url).then((r) => r.status === 200, () => false);
  (async () => {
    while (!(await poll())) {
      if (Date.now() > deadline) { console.error("not ready after 30 s"); process.exit(1); }
      await new Promise((r) => setTimeout(r, 20));
    }
  })();' "$base/health/ready" || fail "/health/ready"
ready_s=$(seconds_since "$start")
say "cold start to ready: ${ready_s} s (docker run to the first 200 from /health/ready)"

node -e '
  fetch(process.argv[1], {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ loss: "cross_entropy", inputs: { input: [[2.0, 0.5, -1.0], [0.1, 0.2, 3.0]], target: [0, 2] }, options: { label_smoothing: 0.1 } }),
  }).then(async (r) => {
    const body = await r.json();
    const loss = body.loss?.data?.[0];
    if (r.status !== 200 || Math.abs(loss - 0.3454563617706299) > 1e-6) throw new Error(`HTTP ${r.status}: ${JSON.stringify(body)}`);
    console.log(`docker-smoke: POST /loss: cross_entropy = ${loss}`);
  }).catch((e) => { console.error(e.message); process.exit(1); });' "$base/loss" || fail "POST /loss"

user=$(docker exec "$NAME" id -un)
uid=$(docker exec "$NAME" id -u)
[ "$uid" != 0 ] || fail "the server runs as root"
pid1=$(docker exec "$NAME" cat /proc/1/comm)
[ "$pid1" = node ] || fail "PID 1 is $pid1, not node"
say "runs as $user (uid $uid); PID 1 is $pid1"

# The command Docker itself runs for HEALTHCHECK, as the image declares it.
mapfile -t check < <(docker image inspect -f '{{json .Config.Healthcheck.Test}}' "$IMAGE" |
  node -e 'const t = JSON.parse(require("node:fs").readFileSync(0, "utf8")); if (t[0] !== "CMD") process.exit(1); console.log(t.slice(1).join("\n"))')
docker exec "$NAME" "${check[@]}" || fail "HEALTHCHECK (${check[*]}) says unhealthy"
say "HEALTHCHECK (${check[*]}) passes"

start=$(now_ms)
docker stop "$NAME" >/dev/null
stop_s=$(seconds_since "$start")
code=$(docker inspect -f '{{.State.ExitCode}}' "$NAME")
say "docker stop: ${stop_s} s, exit code $code"
[ "$code" = 0 ] || fail "exit code $code after docker stop (expected 0)"
awk -v s="$stop_s" -v max="$MAX_STOP_S" 'BEGIN { exit !(s < max) }' || fail "docker stop took ${stop_s} s (limit ${MAX_STOP_S} s)"
docker logs "$NAME" 2>&1 | grep -q '"msg":"shutting down"' || fail "no shutdown message in the logs"

ok=1
say "PASSED: image ${size_mb} MB, build ${build_s} s, cold start to ready ${ready_s} s, docker stop ${stop_s} s (exit ${code})"
