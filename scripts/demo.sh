#!/usr/bin/env bash
# The README's walkthrough, run against a service that is already running (in Development):
#   dotnet run --project src/OrderCancellation.Service      # in one terminal
#   bash scripts/demo.sh                                    # in another; run it as often as you like
# Every run uses fresh order, buyer and seller ids, checks each answer's status and prints what happened.
# Settings: API (default http://localhost:7071). Tokens come from the service's development-only POST /dev/token;
# when that is absent (not Development), from the token command with the same signing key.
# Needs bash and curl only.
set -euo pipefail

API=${API:-http://localhost:7071}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RUN=$(date -u +%H%M%S)$((RANDOM % 90 + 10))           # fresh ids on every run
BUYER=B$RUN SELLER=S$RUN
oid() { printf '%03d-%07d-%07d' "$1" "$((10#${RUN:0:6}))" "$((RANDOM * 100 + ${RUN:6:2}))"; }
A=$(oid 111) B=$(oid 112) C=$(oid 113) D=$(oid 114)

step=0 failed=0
if [[ -t 1 ]]; then OK=$'\033[32m✓\033[0m' NO=$'\033[31m✗\033[0m' BOLD=$'\033[1m' PLAIN=$'\033[0m'; else OK='ok' NO='FAILED' BOLD='' PLAIN=''; fi
say() { printf '\n%s%s%s\n' "$BOLD" "$*" "$PLAIN"; }
ok() { printf '  %s %s\n' "$OK" "$*"; }
no() { printf '  %s %s\n' "$NO" "$*"; failed=$((failed + 1)); }
shown() { local flat=${1//[$'\t\r\n']/ }; printf '      %s\n' "${flat:0:200}"; }
# check <expected status> <description> <curl args...>: runs curl, prints status and body, fails the run on a mismatch.
check() {
  local want=$1 what=$2; shift 2
  step=$((step + 1))
  local out status body
  out=$(curl -s -w '\n%{http_code}' "$@") || { echo "  $step. $what: curl failed (is the service running at $API?)"; exit 1; }
  status=${out##*$'\n'} body=${out%$'\n'*}
  BODY=$body
  if [[ $status == "$want" ]]; then
    ok "$step. $what → $status"
  else
    no "$step. $what → $status (expected $want)"
  fi
  shown "$body"
}
# expect <text> <description>: the last answer's body holds the text.
expect() {
  if [[ $BODY != *"$1"* ]]; then
    no "  $2: the answer lacks $1"
  fi
}
# eventually <text> <what> <curl args...>: repeats a read (up to 60 s) until its body holds the text, then says so;
# lists, the history, the rate and feed reports lag a command by a moment.
eventually() {
  local text=$1 what=$2; shift 2
  for ((i = 0; i < 120; i++)); do
    BODY=$(curl -s "$@")
    if [[ $BODY == *"$text"* ]]; then ok "   $what"; shown "$BODY"; return; fi
    sleep 0.5
  done
  no "   $what: not within 60 s; the last answer was $BODY"
}
field() { sed -n "s/.*\"$1\":\"\\([^\"]*\\)\".*/\\1/p" <<<"$BODY" | head -n 1; }

token() {
  local t
  t=$(curl -sf -X POST "$API/dev/token?role=$1&sub=$2" 2>/dev/null) && [[ -n $t ]] && { echo "$t"; return; }
  ASPNETCORE_ENVIRONMENT=${ASPNETCORE_ENVIRONMENT:-Development} \
    dotnet run --no-build --project "$ROOT/src/OrderCancellation.Service" -- token --role "$1" --sub "$2" | tail -n 1
}

curl -sf "$API/health/ready" > /dev/null || { echo "No service at $API: start it with 'dotnet run --project src/OrderCancellation.Service'."; exit 1; }
M=$(token marketplace M1) BT=$(token buyer "$BUYER") ST=$(token seller "$SELLER")
J=(-H "Content-Type: application/json")
as() { case $1 in marketplace) echo "Authorization: Bearer $M" ;; buyer) echo "Authorization: Bearer $BT" ;; seller) echo "Authorization: Bearer $ST" ;; esac; }
order() {
  cat <<EOF
{"orderId":"$1","marketplaceId":"ATVPDKIKX0DER","buyerId":"$BUYER","sellerId":"$SELLER","fulfillmentChannel":"Merchant",
 "purchaseDate":"$2","latestShipDate":"2030-01-01T00:00:00Z",
 "lines":[{"lineId":"L1","sku":"SKU-1","quantity":2,"unitPrice":{"amount":10,"currencyCode":"USD"}},
          {"lineId":"L2","sku":"SKU-2","quantity":1,"unitPrice":{"amount":5,"currencyCode":"USD"}}]}
EOF
}
now=$(date -u +%FT%TZ) hour_ago=$(date -u -d '-1 hour' +%FT%TZ)
place() { check 201 "marketplace places $1" "${J[@]}" -H "$(as marketplace)" -H "Idempotency-Key: place-$1" "$API/api/orders" -d "$(order "$1" "$2")"; }
pay() { check 200 "marketplace verifies the payment of $1 (Pending → Unshipped)" "${J[@]}" -H "$(as marketplace)" "$API/api/orders/$1/payment" -d '{"status":"Verified"}'; expect '"orderStatus":"Unshipped"' "payment"; }

echo "Run $RUN against $API: buyer $BUYER, seller $SELLER, orders $A $B $C $D"

say "1. Place an order and verify its payment; the same request again answers the same"
place "$A" "$now"
first=$BODY
check 201 "the same placement again (same Idempotency-Key): the first answer, byte for byte" "${J[@]}" -H "$(as marketplace)" -H "Idempotency-Key: place-$A" "$API/api/orders" -d "$(order "$A" "$now")"
[[ $BODY == "$first" ]] || no "   the replay differs"
pay "$A"

say "2. The buyer cancels within the 30-minute window: Canceled at once"
check 200 "buyer cancels $A" "${J[@]}" -H "$(as buyer)" "$API/api/orders/$A/cancel" -d '{"reason":"Ordered by mistake"}'
expect '"outcome":"Canceled"' "buyer's cancel"

say "3. After the window the buyer's cancel is a request to the seller"
place "$B" "$hour_ago"; pay "$B"
check 202 "buyer asks to cancel $B (purchased an hour ago)" "${J[@]}" -H "$(as buyer)" "$API/api/orders/$B/cancel" -d '{"reason":"Found it cheaper"}'
expect '"outcome":"CancellationRequested"' "buyer's request"

say "4. Manage Orders: the seller sees the open request"
eventually "$B" "the seller's open requests list $B" -H "$(as seller)" "$API/api/orders?sellerId=$SELLER&buyerRequestedCancel=true"

say "5. The seller accepts the request (BuyerCanceled): Canceled, not counted against the seller"
check 200 "seller cancels $B with BuyerCanceled" "${J[@]}" -H "$(as seller)" "$API/api/orders/$B/cancel" -d '{"reason":"BuyerCanceled"}'
expect '"status":"Approved"' "the request"

say "6. A partial cancel, then the rest ships"
place "$C" "$now"; pay "$C"
check 200 "seller cancels line L2 of $C (NoInventory)" "${J[@]}" -H "$(as seller)" "$API/api/orders/$C/cancel" -d '{"reason":"NoInventory","lines":[{"lineId":"L2","quantity":1}]}'
expect '"outcome":"PartiallyCanceled"' "partial cancel"
check 200 "seller confirms the shipment of L1" "${J[@]}" -H "$(as seller)" "$API/api/orders/$C/shipments" -d '{"lines":[{"lineId":"L1","quantity":2}],"carrier":"UPS","trackingId":"1Z999"}'
expect '"orderStatus":"Shipped"' "shipment"
check 409 "the buyer can no longer cancel $C" "${J[@]}" -H "$(as buyer)" "$API/api/orders/$C/cancel" -d '{}'
expect '"code":"order-shipped"' "refusal"

say "7. A seller's feed cancels an order (tab-separated, its content type named)"
place "$D" "$now"; pay "$D"
check 202 "seller uploads an order acknowledgement feed for $D" -H "$(as seller)" -H "Content-Type: text/tab-separated-values" -H "Idempotency-Key: feed-$D" \
  "$API/api/feeds?feedType=POST_FLAT_FILE_ORDER_ACKNOWLEDGEMENT_DATA" --data-binary "$(printf 'order-id\tamazon-order-item-code\tcancellation-reason-code\n%s\t\tNoInventory' "$D")"
feed=$(field feedId)
eventually '"processingStatus":"DONE"' "feed $feed is DONE" -H "$(as seller)" "$API/api/feeds/$feed"
check 200 "its processing report" -H "$(as seller)" "$API/api/feeds/$feed/report"
expect 'Number of records successful		1' "report"
check 200 "$D is cancelled" -H "$(as seller)" "$API/api/orders/$D"
expect '"orderStatus":"Canceled"' "order after the feed"

say "8. The audit trail, the notices, the workflow's status"
eventually '"ShipmentConfirmed"' "the history of $C holds its shipment" -H "$(as buyer)" "$API/api/orders/$C/history"
check 200 "the buyer's notices for $A" -H "$(as buyer)" "$API/api/orders/$A/notifications"
check 200 "the orchestration of $C" -H "$(as marketplace)" "$API/runtime/instances/$C"

say "9. The seller's Cancellation Rate (7 days, with a daily series) and the buyer's Your Orders"
eventually '"ordersWithSellerCancellation":2' "rate: 2 of 4 orders count (the NoInventory partial cancel and the feed; the buyer's own cancel and the accepted request do not)" \
  -H "$(as seller)" "$API/api/sellers/$SELLER/metrics/cancellation-rate?days=7"
check 200 "the buyer's orders, newest first" -H "$(as buyer)" "$API/api/orders"
expect "$A" "Your Orders"

echo
if ((failed == 0)); then echo "All $step steps answered as expected (run $RUN)."; else echo "$failed check(s) failed (run $RUN)."; exit 1; fi
