#!/usr/bin/env bash
# Browser tests drive Debian's chromium (never a downloaded browser), and the zh-CN screenshots need a CJK font
# (Debian's fonts-wqy-microhei; without it Chinese renders as boxes). Before `npm test`: install what is missing
# when we are root with apt-get; otherwise stop with one line saying how.
set -u
browser=''
for b in "${CHROMIUM_PATH:-}" /usr/lib/chromium/chromium /usr/bin/chromium; do
  [ -n "$b" ] && [ -x "$b" ] && browser=$b && break
done
font=/usr/share/fonts/truetype/wqy/wqy-microhei.ttc
packages=()
[ -n "$browser" ] || packages+=(chromium)
[ -e "$font" ] || packages+=(fonts-wqy-microhei)
[ ${#packages[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "browser tests need ${packages[*]}: installing Debian's ${packages[*]} (apt-get)…" >&2
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}" >/dev/null) && exit 0
fi
echo "browser tests need Debian's ${packages[*]}: run 'sudo apt-get install -y ${packages[*]}' (or set CHROMIUM_PATH to a Chromium binary), then npm test again" >&2
exit 1
