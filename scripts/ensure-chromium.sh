#!/usr/bin/env bash
# Browser tests drive Debian's chromium (never a downloaded browser). Before `npm test`: install it when it is
# missing and we are root with apt-get; otherwise stop with one line saying how.
set -u
for b in "${CHROMIUM_PATH:-}" /usr/lib/chromium/chromium /usr/bin/chromium; do
  [ -n "$b" ] && [ -x "$b" ] && exit 0
done
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "browser tests need chromium: installing Debian's chromium (apt-get)…" >&2
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) && exit 0
fi
echo "browser tests need Debian's chromium: run 'sudo apt-get install -y chromium' (or set CHROMIUM_PATH to a Chromium binary), then npm test again" >&2
exit 1
