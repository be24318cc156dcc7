#!/usr/bin/env bash
# Builds the Azure Functions package: the app published self-contained for linux-x64 under app/,
# host.json and one folder per function (function.json) beside it, zipped for deployment.
#
#   scripts/publish.sh [--output DIR]     default DIR: artifacts/functionapp; the zip is DIR.zip
#
# Layout of DIR (and of the zip):
#   host.json                              customHandler -> app/OrderCancellation.Functions
#   <FunctionName>/function.json           from src/OrderCancellation.Functions/FunctionApp/
#   app/OrderCancellation.Functions        the self-contained executable, and everything it loads
#
# Works offline once the linux-x64 runtime packs are in the NuGet cache (a restore brings them).
# Intermediate files go to DIR-build, apart from the everyday build's bin/ and obj/, so publishing
# never invalidates a developer's (or the test run's) build; a second publish is incremental.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

out="$root/artifacts/functionapp"
while [ $# -gt 0 ]; do
  case "$1" in
    --output) out=$(realpath -m "$2"); shift 2 ;;
    *) echo "usage: scripts/publish.sh [--output DIR]" >&2; exit 2 ;;
  esac
done
zip_path="$out.zip"
build_dir="$out-build"
project=src/OrderCancellation.Functions
functions="$project/FunctionApp"
started=$(date +%s.%N)

rm -rf "$out" "$zip_path"
mkdir -p "$out"

dotnet publish "$project" -c Release -r linux-x64 --self-contained \
  -o "$out/app" --artifacts-path "$build_dir" -nodeReuse:false -p:UseAppHost=true --nologo -v quiet

# The Web SDK publishes every *.json of the project as content; the function folders belong at the
# package root, not inside app/.
rm -rf "$out/app/FunctionApp"
chmod 755 "$out/app/OrderCancellation.Functions"

cp host.json "$out/host.json"
for function_json in "$functions"/*/function.json; do
  name=$(basename "$(dirname "$function_json")")
  mkdir -p "$out/$name"
  cp "$function_json" "$out/$name/function.json"
done

# Zip with Unix permissions kept: the host starts app/OrderCancellation.Functions directly, so its
# executable bit must survive. python3 is on the machine image; zip(1) may not be.
if command -v python3 >/dev/null 2>&1; then
  python3 - "$out" "$zip_path" <<'PY'
import os, sys, zipfile
source, target = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
    for folder, dirs, files in os.walk(source):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(folder, name)
            archive.write(path, os.path.relpath(path, source))  # ZipInfo.from_file keeps st_mode
PY
else
  (cd "$out" && zip -qrX "$zip_path" .)
fi

elapsed=$(awk -v s="$started" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }')
echo "published $out ($(du -sh "$out" | cut -f1)) and $zip_path ($(du -h "$zip_path" | cut -f1)) in ${elapsed}s"
