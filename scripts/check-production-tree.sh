#!/usr/bin/env bash
# The production build of the `piyasa` binary (no `sim` feature, what the
# image ships) must contain no fake server and no tokio test utilities, and
# one crypto stack (aws-lc-rs, through rustls and our own hashing): no ring.
set -euo pipefail
tree=$(cargo tree -p cli --no-default-features --features cli/local-llm -e normal,features --prefix none)
bad=0
if grep -qE '^fakes v' <<<"$tree"; then
  echo "the production build depends on the test fakes (crate fakes)" >&2
  bad=1
fi
if grep -qE '^tokio feature "test-util"' <<<"$tree"; then
  echo "the production build enables tokio's test-util" >&2
  bad=1
fi
if grep -qE '^sim v' <<<"$tree"; then
  echo "the production build includes the simulator (crate sim)" >&2
  bad=1
fi
if grep -qE '^ring v' <<<"$tree"; then
  echo "the production build links ring next to aws-lc-rs (two crypto stacks)" >&2
  bad=1
fi
exit $bad
