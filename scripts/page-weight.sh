#!/usr/bin/env bash
# Bytes a first visit to a page downloads (bodies as sent, headers left out) per file:
# uncompressed, gzip and brotli. Usage: scripts/page-weight.sh http://127.0.0.1:3000/
# against a running server (`make run`, or the release binary after `make release`).
set -euo pipefail
url="${1:-http://127.0.0.1:3000/}"
origin=$(printf '%s' "$url" | sed -E 's#^(https?://[^/]+).*#\1#')
sent() { curl -s -o /dev/null -w '%{size_download}' -H "Accept-Encoding: $2" "$1"; }

targets=("$url")
for path in $(curl -s "$url" | grep -oE '/pkg/[^"]+\.(css|js|wasm)' | sort -u); do
  targets+=("$origin$path")
done
printf '%-50s %12s %12s %12s\n' file identity gzip br
totals=(0 0 0)
for target in "${targets[@]}"; do
  row=()
  for i in 0 1 2; do
    encoding=(identity gzip br)
    n=$(sent "$target" "${encoding[$i]}")
    row+=("$n")
    totals[i]=$((totals[i] + n))
  done
  printf '%-50s %12s %12s %12s\n' "${target#"$origin"}" "${row[@]}"
done
printf '%-50s %12s %12s %12s\n' total "${totals[@]}"
