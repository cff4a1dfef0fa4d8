#!/usr/bin/env bash
# The metrics test checks /metrics with `promtool check metrics` (Debian's prometheus package). Before `npm test`:
# install it when missing and we are root with apt-get; otherwise stop with one line saying how.
set -u
command -v promtool >/dev/null 2>&1 && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "the metrics test needs promtool: installing Debian's prometheus (apt-get)…" >&2
  # Only its promtool binary is used.
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus >/dev/null) && command -v promtool >/dev/null 2>&1 && exit 0
fi
echo "the metrics test needs promtool: run 'sudo apt-get install -y prometheus', then npm test again" >&2
exit 1
