. examples/lib.sh   # COOP, KEY and the helpers json, show, day, uuid, remember (see examples/lib.sh)
# A secretary's key (admins may do everything, but day-to-day work should not use the admin key)
SECRETARY=$(curl -sS --fail-with-body -XPOST $COOP/api-keys -H "Authorization: Bearer $KEY" \
  -H 'Content-Type: application/json' -d '{"role":"secretary","label":"front desk"}' | json .key)

# 1. A membership application (personal data are sealed before they enter the event),
#    handed in two years ago and recorded today
APPLICATION_ID=$(curl -sS --fail-with-body -XPOST $COOP/membership/applications -H "Authorization: Bearer $SECRETARY" \
  -H 'Content-Type: application/json' -H 'Idempotency-Key: form-2026-0042' -d '{
    "applicant": {"kind":"natural","givenName":"Maria","familyName":"Rossi",
      "fiscalCode":"RSSMRA80A01H501U","birthDate":"1980-01-01",
      "residence":{"street":"Via Roma 1","city":"Genova","postalCode":"16121","province":"GE"}},
    "category":"worker","requestedShares":2,"appliedOn":"'"$(day -800)"'"}' | show | json .applicationId)
# → 201 {"applicationId":"…","position":"2","revision":"0","replayed":false,…}
#   The same request with the same Idempotency-Key answers the same body with "replayed":true.

# 2. Admission by a board resolution: the register gives the next member number, and the
#    member subscribes the shares the application asked for (c.c. art. 2528 c. 1)
ADMISSION=$(curl -sS --fail-with-body -XPOST $COOP/membership/applications/$APPLICATION_ID/admission \
  -H "Authorization: Bearer $SECRETARY" -H 'Content-Type: application/json' \
  -d '{"boardResolutionId":"cda-1","admittedOn":"'"$(day -790)"'"}')
# → 201 {"memberId":"…","position":"…","events":[{"type":"MemberAdmitted",…},{"type":"SharesSubscribed",…}],…},
#   headers Coop-Position and ETag (the register revision)
MARIA=$(echo "$ADMISSION" | json .memberId)
POSITION=$(echo "$ADMISSION" | json .position)

# 3. The member register (libro soci), reading your own write
curl -sS --fail-with-body "$COOP/membership/register?after=$POSITION" -H "Authorization: Bearer $SECRETARY" | json
# → {"total":1,"items":[{"memberNumber":1,"name":"Rossi Maria","category":"worker",
#     "section":"ordinary","admittedOn":"…","boardResolutionId":"cda-1",
#     "shares":{"count":2,"subscribedCents":5000,"paidCents":0,"refundedCents":0},…}]}

# A second worker member, admitted the same way (the board below needs two member directors)
APPLICATION_ID=$(curl -sS --fail-with-body -XPOST $COOP/membership/applications -H "Authorization: Bearer $SECRETARY" \
  -H 'Content-Type: application/json' -H 'Idempotency-Key: form-2026-0043' -d '{
    "applicant": {"kind":"natural","givenName":"Luca","familyName":"Bianchi",
      "fiscalCode":"BNCLCU85M12D969X","birthDate":"1985-08-12",
      "residence":{"street":"Via Balbi 5","city":"Genova","postalCode":"16126","province":"GE"}},
    "category":"worker","requestedShares":1,"appliedOn":"'"$(day -800)"'"}' | json .applicationId)
LUCA=$(curl -sS --fail-with-body -XPOST $COOP/membership/applications/$APPLICATION_ID/admission \
  -H "Authorization: Bearer $SECRETARY" -H 'Content-Type: application/json' \
  -d '{"boardResolutionId":"cda-1","admittedOn":"'"$(day -790)"'"}' | json .memberId)

remember SECRETARY MARIA LUCA
