#!/usr/bin/env bash
# Headless Chromium, its driver and a CJK font for the Neo4j Browser test, from Debian's packages.
# Without a font covering Chinese, Chromium draws every Chinese character of a screenshot as a box.
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
if ! { command -v fc-list >/dev/null 2>&1 && fc-list :lang=zh family | grep -q .; }; then
  missing+=(fontconfig fonts-wqy-zenhei)
fi
if [ "${#missing[@]}" -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "the browser test needs ${missing[*]}: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq "${missing[@]}" >/dev/null
