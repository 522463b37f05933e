. examples/lib.sh   # COOP, KEY and the helpers
SERVICE=$(curl -sS --fail-with-body -XPOST $COOP/api-keys -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
  -d '{"role":"service","label":"payroll","scope":{"types":["MemberAdmitted","ContractSigned"]}}' | json .key)

# Pages of events after a position, filtered by types and stream categories
curl -sS --fail-with-body "$COOP/events?types=MemberAdmitted&after=0&limit=100" -H "Authorization: Bearer $SERVICE" \
  | show | json .items.0.type
# → {"items":[{"id":…,"type":"MemberAdmitted","stream":"memberRegister-main","position":"4",…}],"next":"4"}

# Server-Sent Events: catch-up, then live; reconnect with the last id received
# (Last-Event-ID: <position>@<store id>) to resume; an id of another event store is a 400.
# Here for 3 seconds (curl's exit 28); without --max-time it follows the stream until stopped.
curl -sSN --max-time 3 "$COOP/events/stream?types=MemberAdmitted" -H "Authorization: Bearer $SERVICE" || [ $? -eq 28 ]

# A durable consumer group: the service keeps the checkpoint
curl -sS --fail-with-body -XPOST $COOP/subscriptions -H "Authorization: Bearer $SERVICE" -H 'Content-Type: application/json' \
  -d '{"name":"payroll","types":["MemberAdmitted"],"maxDeliveries":5}' | json
POSITION=$(curl -sS --fail-with-body "$COOP/subscriptions/payroll/events?limit=50" -H "Authorization: Bearer $SERVICE" \
  | show | json .items.0.position)
curl -sS --fail-with-body -XPOST $COOP/subscriptions/payroll/ack -H "Authorization: Bearer $SERVICE" \
  -H 'Content-Type: application/json' -d '{"position":"'"$POSITION"'"}' | json
# An event that cannot be processed: report it; after maxDeliveries it is parked and skipped
curl -sS --fail-with-body -XPOST $COOP/subscriptions/payroll/reject -H "Authorization: Bearer $SERVICE" \
  -H 'Content-Type: application/json' -d '{"stream":"memberRegister-main","revision":"0","reason":"no contract"}' | json
curl -sS --fail-with-body $COOP/subscriptions/payroll/parked -H "Authorization: Bearer $SERVICE" | json
curl -sS --fail-with-body -XPOST $COOP/subscriptions/payroll/parked/replay -H "Authorization: Bearer $SERVICE" | json

# The payroll feed of examples/payroll-feed.mjs, once: what it has not seen yet, then it exits
COOP=$COOP KEY=$SERVICE node examples/payroll-feed.mjs --once --checkpoint "$COOP_EXAMPLES_DIR/payroll-feed.position"
