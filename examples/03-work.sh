. examples/lib.sh   # COOP, KEY, the helpers, and what the examples before remembered: SECRETARY, BOARD, MARIA
curl -sS --fail-with-body -XPOST $COOP/work/pay-tables -H "Authorization: Bearer $SECRETARY" -H 'Content-Type: application/json' \
  -d '{"agreement":"CCNL cooperative sociali 2023-2025","effectiveFrom":"2024-02-01","fullTimeWeeklyHours":38,
       "minimumMonthlyPayCents":{"A1":130722,"F2":240725}}' | json .position
# Maria Rossi, a worker member, educator at the nursery from a month ago
SIGNED=$(curl -sS --fail-with-body -XPOST $COOP/work/contracts -H "Authorization: Bearer $SECRETARY" -H 'Content-Type: application/json' \
  -d '{"worker":{"kind":"member","memberId":"'"$MARIA"'"},"form":"subordinate","level":"A1","weeklyHours":38,
       "startsOn":"'"$(day -30)"'","grossMonthlyPayCents":130722,"unit":"Nido Girasole",
       "contactWithMinors":true,"criminalRecordCheckedOn":"'"$(day -40)"'"}')
CONTRACT=$(echo "$SIGNED" | json .contractId)
POSITION=$(echo "$SIGNED" | json .position)   # reads below ask ?after= it: they answer once they include the write
# W1: a member's contract needs a member of the worker category on the start date (422 W1 otherwise)
# W2: subordinate pay not below the minimum for the level in the table of the contract's "agreement"
#     (the first agreement recorded when the contract names none), prorated to the hours (422 W2)
# W3: highest over lowest full-time-equivalent gross annual pay of employees at most 8 (422 W3)
# W3b: work with minors only after the criminal-record check, dated by the start (422 W3b)
curl -sS --fail-with-body "$COOP/work/contracts?asOf=$(day)&after=$POSITION" -H "Authorization: Bearer $BOARD" | json      # in force, with names
curl -sS --fail-with-body "$COOP/work/reports/pay-ratio?asOf=$(day)&after=$POSITION" -H "Authorization: Bearer $BOARD" | json
# W2: from a new table's date (one of the same agreement from ten days ago, figures for the example),
#     every contract in force paid below its level's new minimum, until amended
POSITION=$(curl -sS --fail-with-body -XPOST $COOP/work/pay-tables -H "Authorization: Bearer $SECRETARY" -H 'Content-Type: application/json' \
  -d '{"agreement":"CCNL cooperative sociali 2023-2025","effectiveFrom":"'"$(day -10)"'","fullTimeWeeklyHours":38,
       "minimumMonthlyPayCents":{"A1":135000,"F2":248000}}' | json .position)
curl -sS --fail-with-body "$COOP/work/reports/below-minimum?asOf=$(day)&after=$POSITION" -H "Authorization: Bearer $BOARD" \
  | show | json .contracts.0.contractId   # Maria Rossi's, until it is amended

remember CONTRACT
