. examples/lib.sh   # COOP, KEY and the helpers
ACCOUNT=$(curl -sS --fail-with-body -XPOST $COOP/auth/invitations -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
  -d '{"name":"Giulia Neri","login":"giulia@example.org","role":"secretary"}' | show | json .accountId)
# → 201 {"accountId":"acct_…","invitationPath":"/imposta-password#token=…","expiresAt":"…",…}  (the token: this answer only)
curl -sS --fail-with-body $COOP/auth/accounts -H "Authorization: Bearer $KEY" | json                     # every account, no secret
curl -sS --fail-with-body -XPOST $COOP/auth/accounts/$ACCOUNT/session-revocation -H "Authorization: Bearer $KEY" \
  -H 'Content-Type: application/json' -d '{"reason":"lost laptop"}' | json                              # ends every session of the person
