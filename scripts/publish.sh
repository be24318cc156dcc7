#!/usr/bin/env bash
# Builds the Azure Functions package: the isolated-worker app (src/OrderCancellation.Functions) published
# framework-dependent for the Functions host's .NET 10 isolated runtime, zipped for deployment (zip deploy or Flex
# Consumption's one-deploy: `az functionapp deploy --src-path <zip> --type zip`).
#
#   scripts/publish.sh [--output DIR] [--configuration Release|Debug]
#
#   DIR (default artifacts/functionapp) gets the published app; the zip is DIR.zip (artifacts/functionapp.zip).
#
# The package root is what the Functions host reads: host.json (the repository's), functions.metadata (one entry
# per function, written by the Functions SDK), worker.config.json (dotnet-isolated), extensions.json and
# .azurefunctions/ (the host-side extensions: Durable Task, Storage Queues), OrderCancellation.Functions.dll and its
# dependencies. local.settings.json is never published.
#
# Uses the ordinary bin/ and obj/ of the build, so after `dotnet build -c Release` it is incremental. No build server
# is left running (--disable-build-servers).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

out="$root/artifacts/functionapp"
configuration=Release
while [ $# -gt 0 ]; do
  case "$1" in
    --output) out=$(realpath -m "$2"); shift 2 ;;
    --configuration|-c) configuration="$2"; shift 2 ;;
    *) echo "usage: scripts/publish.sh [--output DIR] [--configuration Release|Debug]" >&2; exit 2 ;;
  esac
done
zip_path="$out.zip"
project=src/OrderCancellation.Functions/OrderCancellation.Functions.csproj
started=$(date +%s.%N)

rm -rf "$out" "$zip_path"
mkdir -p "$out"

dotnet publish "$project" -c "$configuration" -o "$out" --disable-build-servers --nologo -v quiet

for required in host.json functions.metadata worker.config.json extensions.json OrderCancellation.Functions.dll; do
  if [ ! -f "$out/$required" ]; then
    echo "publish.sh: $required is missing from $out" >&2
    exit 1
  fi
done

# Zip the folder's contents (host.json at the root of the archive). python3 is on the machine image; zip(1) may not be.
if command -v python3 >/dev/null 2>&1; then
  python3 - "$out" "$zip_path" <<'PY'
import os, sys, zipfile
source, target = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
    for folder, dirs, files in os.walk(source):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(folder, name)
            archive.write(path, os.path.relpath(path, source))
PY
else
  (cd "$out" && zip -qrX "$zip_path" .)
fi

elapsed=$(awk -v s="$started" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }')
echo "published $out ($(du -sh "$out" | cut -f1)) and $zip_path ($(du -h "$zip_path" | cut -f1)) in ${elapsed}s"
