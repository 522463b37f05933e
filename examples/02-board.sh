. examples/lib.sh   # COOP, KEY, the helpers, and what 01-membership.sh remembered: SECRETARY, MARIA, LUCA
# The board's key, for the directors' own reads
BOARD=$(curl -sS --fail-with-body -XPOST $COOP/api-keys -H "Authorization: Bearer $KEY" \
  -H 'Content-Type: application/json' -d '{"role":"board","label":"board of directors"}' | json .key)

# The board the assembly elected: two member directors of three (G6), in office from half a year ago
curl -sS --fail-with-body -XPOST $COOP/governance/board -H "Authorization: Bearer $SECRETARY" -H 'Content-Type: application/json' \
  -d '{"electedOn":"'"$(day -180)"'","termEndsOn":"'"$(day 1000)"'","assemblyResolutionId":"ass-1","directors":[
       {"directorId":"rossi","name":"Maria Rossi","memberId":"'"$MARIA"'","role":"president"},
       {"directorId":"bianchi","name":"Luca Bianchi","memberId":"'"$LUCA"'","role":"director"},
       {"directorId":"verdi","name":"Anna Verdi","memberId":null,"role":"director"}]}' | json .position

# An application for the board to decide (recorded as in 01-membership.sh)
NEXT_APPLICATION_ID=$(curl -sS --fail-with-body -XPOST $COOP/membership/applications -H "Authorization: Bearer $SECRETARY" \
  -H 'Content-Type: application/json' -d '{
    "applicant": {"kind":"natural","givenName":"Giovanni","familyName":"Esposito",
      "fiscalCode":"SPSGNN90E15F839O","birthDate":"1990-05-15",
      "residence":{"street":"Via Toledo 10","city":"Napoli","postalCode":"80134","province":"NA"}},
    "category":"user","requestedShares":1,"appliedOn":"'"$(day -20)"'"}' | json .applicationId)

# A meeting convened a week ago and held two days ago, the directors present, and its resolution
MEETING=$(uuid)
curl -sS --fail-with-body -XPOST $COOP/governance/board-meetings/$MEETING -H "Authorization: Bearer $SECRETARY" \
  -H 'Content-Type: application/json' \
  -d '{"convenedOn":"'"$(day -7)"'","heldOn":"'"$(day -2)"'","place":"sede","agenda":["admissions"]}' | json .position
curl -sS --fail-with-body -XPOST $COOP/governance/board-meetings/$MEETING/attendance -H "Authorization: Bearer $SECRETARY" \
  -H 'Content-Type: application/json' -d '{"present":["rossi","bianchi","verdi"]}' | json .position
RESOLUTION_POSITION=$(curl -sS --fail-with-body -XPOST $COOP/governance/board-meetings/$MEETING/resolutions \
  -H "Authorization: Bearer $SECRETARY" -H 'Content-Type: application/json' -d '{"resolutionId":"cda-2","item":1,"text":"Admissions",
    "votes":[{"directorId":"rossi","vote":"for"},{"directorId":"bianchi","vote":"for"},{"directorId":"verdi","vote":"abstain"}],
    "decides":[{"kind":"admit","applicationId":"'"$NEXT_APPLICATION_ID"'","admittedOn":"'"$(day -2)"'"}]}' | json .position)

# The board's review: meeting, quorum, who voted how, conflicts, each decision's outcome,
# and every event the resolution caused (stream, revision, position). With ?after=<the
# resolution's position> it waits until the process manager has carried the decisions out.
REVIEW=$(curl -sS --fail-with-body "$COOP/governance/resolutions/cda-2?after=$RESOLUTION_POSITION" -H "Authorization: Bearer $BOARD")
echo "$REVIEW" | json
# …and back, from any caused event to the resolution behind it
CAUSED_EVENT=$(echo "$REVIEW" | json .caused.0.id)
curl -sS --fail-with-body "$COOP/governance/trail/events/$CAUSED_EVENT?after=$RESOLUTION_POSITION" -H "Authorization: Bearer $BOARD" | json
# Every board term recorded, oldest first: directors by name (null once erased) and role, and the term
curl -sS --fail-with-body "$COOP/governance/board?after=$RESOLUTION_POSITION" -H "Authorization: Bearer $BOARD" | json
# A meeting as it stands: directors in office (by name), present, conflicts, resolutions (404 if unknown)
curl -sS --fail-with-body "$COOP/governance/board-meetings/$MEETING?after=$RESOLUTION_POSITION" -H "Authorization: Bearer $BOARD" | json

remember BOARD
