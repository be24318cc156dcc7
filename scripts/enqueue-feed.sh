#!/usr/bin/env bash
# Drops a feed message on the feed queue of an Azure Storage account (Azurite by default) with curl,
# encoded as the Functions queue trigger expects (base64 of the UTF-8 JSON) and signed with Shared Key.
#
#   scripts/enqueue-feed.sh --feed-id <feedId>                          {"feedId": "..."}
#   scripts/enqueue-feed.sh --inline <sellerId> <feedType> <file>       {"sellerId","feedType","content"}
#   scripts/enqueue-feed.sh --json '<message json>'                     as given
#
# Environment (defaults: Azurite's well-known account on its default port):
#   QUEUE_ENDPOINT  http://127.0.0.1:10001/devstoreaccount1   (Azure: https://<account>.queue.core.windows.net)
#   ACCOUNT_NAME    devstoreaccount1
#   ACCOUNT_KEY     Azurite's published key
#   QUEUE_NAME      order-cancellation-feeds
# Needs bash, curl, openssl, base64, xxd, and jq for --inline. A queue message holds at most 64 KiB of
# base64 (about 48 KiB of feed): post larger feeds to POST /api/feeds instead.
set -euo pipefail

endpoint=${QUEUE_ENDPOINT:-http://127.0.0.1:10001/devstoreaccount1}
endpoint=${endpoint%/}
account=${ACCOUNT_NAME:-devstoreaccount1}
key=${ACCOUNT_KEY:-Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==}
queue=${QUEUE_NAME:-order-cancellation-feeds}
version=2025-05-05

usage() { sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

case "${1:-}" in
  --feed-id) [ $# -eq 2 ] || usage; message=$(printf '{"feedId":"%s"}' "$2") ;;
  --inline) [ $# -eq 4 ] || usage
    message=$(jq -cn --arg s "$2" --arg t "$3" --rawfile c "$4" '{sellerId: $s, feedType: $t, content: $c}') ;;
  --json) [ $# -eq 2 ] || usage; message=$2 ;;
  *) usage ;;
esac

# Shared Key: HMAC-SHA256 over VERB, the standard headers (only Content-Length and Content-Type are
# set here), the x-ms-* headers and /account/path; see Feeds/Queues/SharedKeySigner.cs.
request() { # method path body
  local method=$1 path=$2 body=${3:-} date length="" type="" signature
  date=$(LC_ALL=C TZ=GMT date '+%a, %d %b %Y %H:%M:%S GMT')
  if [ -n "$body" ]; then length=$(printf %s "$body" | wc -c | tr -d ' '); type=application/xml; fi
  local resource_path=${endpoint#*://}; resource_path=/${resource_path#*/}
  [ "$resource_path" = "/${endpoint#*://}" ] && resource_path=""   # host-style endpoint without a path
  local to_sign="$method"$'\n\n\n'"$length"$'\n\n'"$type"$'\n\n\n\n\n\n\n'"x-ms-date:$date"$'\n'"x-ms-version:$version"$'\n'"/$account$resource_path/$path"
  signature=$(printf %s "$to_sign" | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$(printf %s "$key" | base64 -d | xxd -p -c 256)" -binary | base64 -w0)
  curl -sS -o "$response" -w '%{http_code}' -X "$method" "$endpoint/$path" \
    -H "x-ms-date: $date" -H "x-ms-version: $version" -H "Authorization: SharedKey $account:$signature" \
    ${type:+-H "Content-Type: $type"} ${body:+--data-binary "$body"} ${body:+-H "Content-Length: $length"}
}

response=$(mktemp)
trap 'rm -f "$response"' EXIT
fail() { echo "$1: HTTP $2" >&2; cat "$response" >&2; echo >&2; exit 1; }

status=$(request PUT "$queue")
case "$status" in 201|204) ;; *) fail "create queue '$queue'" "$status" ;; esac

encoded=$(printf %s "$message" | base64 -w0)
if [ ${#encoded} -gt 65536 ]; then
  echo "the message is ${#encoded} characters in base64; a queue message holds at most 65536" >&2; exit 1
fi
status=$(request POST "$queue/messages" "<QueueMessage><MessageText>$encoded</MessageText></QueueMessage>")
[ "$status" = 201 ] || fail "put message on '$queue'" "$status"
echo "enqueued on $queue: $message"
