. examples/lib.sh   # COOP, KEY, the helpers, and what the examples before remembered: SECRETARY, CONTRACT
# The coordinator's key, for the units' day-to-day records
COORDINATOR=$(curl -sS --fail-with-body -XPOST $COOP/api-keys -H "Authorization: Bearer $KEY" \
  -H 'Content-Type: application/json' -d '{"role":"coordinator","label":"Nido Girasole"}' | json .key)

# A unit and its regional setting: at most 6 children per professional present (S5)
UNIT=$(curl -sS --fail-with-body -XPOST $COOP/services/units -H "Authorization: Bearer $SECRETARY" -H 'Content-Type: application/json' \
  -d '{"name":"Nido Girasole","kind":"nursery","capacity":30,"childrenPerStaff":6,"openedOn":"2020-09-01"}' | json .unitId)
# The municipality's agreement for it, awarded by public tender (its CIG): 1,000 professional hours
AGREEMENT=$(curl -sS --fail-with-body -XPOST $COOP/services/agreements -H "Authorization: Bearer $SECRETARY" -H 'Content-Type: application/json' \
  -d '{"client":{"kind":"municipality","name":"Comune di Genova"},"unitId":"'"$UNIT"'","service":"nido d'"'"'infanzia",
       "hoursBudget":1000,"startsOn":"'"$(day -60)"'","endsOn":"'"$(day 300)"'","signedOn":"'"$(day -61)"'",
       "legalForm":{"kind":"public_tender","cig":"A1B2C3D4E5"},"overBudget":"flag"}' | json .agreementId)
# Two children (their data sealed, an age band kept for the reports), each enrolled in the agreement
CHILDREN=()
for CHILD in '"givenName":"Sofia","familyName":"Gallo","birthDate":"2023-01-01"' \
             '"givenName":"Marco","familyName":"Ferri","birthDate":"2023-11-10"'; do
  BENEFICIARY=$(curl -sS --fail-with-body -XPOST $COOP/services/beneficiaries -H "Authorization: Bearer $COORDINATOR" \
    -H 'Content-Type: application/json' -d '{"person":{'"$CHILD"'},"ageBand":"0-2","registeredOn":"'"$(day -20)"'"}' | json .beneficiaryId)
  curl -sS --fail-with-body -XPOST $COOP/services/beneficiaries/$BENEFICIARY/enrolments -H "Authorization: Bearer $COORDINATOR" \
    -H 'Content-Type: application/json' -d '{"agreementId":"'"$AGREEMENT"'","enrolledOn":"'"$(day -20)"'"}' | json .position
  CHILDREN+=("$BENEFICIARY")
done

# What was delivered yesterday morning, by Maria Rossi under her contract
POSITION=$(curl -sS --fail-with-body -XPOST $COOP/services/deliveries -H "Authorization: Bearer $COORDINATOR" -H 'Content-Type: application/json' \
  -d '{"agreementId":"'"$AGREEMENT"'","unitId":"'"$UNIT"'","beneficiaries":["'"${CHILDREN[0]}"'","'"${CHILDREN[1]}"'"],
       "operator":{"kind":"staff","contractId":"'"$CONTRACT"'"},
       "date":"'"$(day -1)"'","start":"08:00","minutes":240,"activity":"accoglienza e attività educative"}' | json .position)
# S1: the operator's contract is in force that day, or the volunteer is enrolled and insured (422 S1)
# S2: a volunteer's time never counts as professional hours, nor the volunteer as staff
# S3: one operator, one delivery at a time (in every unit); inside the agreement's period; within its budget, or flagged
# S4: nothing for an erased beneficiary, who reads as erased while counts and hours stay
# S4b: erasure only once the records need no longer be kept (422 S4b with its legal basis and `retainedUntil`)
# S5: at every moment, the minors present are at most the setting's number per professional present
# W3b: no delivery to minors by an operator whose criminal record was not checked by then

# The agreement's hours used and left, the month's hours, the unit's day with the children per professional,
# and a child as the coordinator reads them (each read answers once it includes the delivery: ?after=)
curl -sS --fail-with-body "$COOP/services/agreements/$AGREEMENT?after=$POSITION" -H "Authorization: Bearer $COORDINATOR" | json
MONTH=$(day -1 | cut -c1-7)
curl -sS --fail-with-body "$COOP/services/reports/hours?from=$MONTH&to=$MONTH&after=$POSITION" -H "Authorization: Bearer $COORDINATOR" | json
curl -sS --fail-with-body "$COOP/services/reports/unit-day?unitId=$UNIT&date=$(day -1)&after=$POSITION" -H "Authorization: Bearer $COORDINATOR" | json
curl -sS --fail-with-body "$COOP/services/beneficiaries/${CHILDREN[0]}?after=$POSITION" -H "Authorization: Bearer $COORDINATOR" | json

remember COORDINATOR
