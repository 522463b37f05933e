. examples/lib.sh   # COOP, KEY, the helpers, and what the examples before remembered: SECRETARY, MARIA, LUCA
YEAR=$(( $(day | cut -c1-4) - 1 ))   # last year's report
# JSON (sections of DM 4/7/2019, figures with their sources), printable HTML (a stylesheet, no script), PDF/A-2b
curl -sS --fail-with-body "$COOP/reports/social/$YEAR" -H "Authorization: Bearer $KEY" | json .sections.2.figures.0
# → {"key":"s3-soci-a-inizio-anno-totale","label":"Soci a inizio anno: totale","value":2,"unit":"count",
#    "source":{"report":"/membership/reports/year?year=…","field":"start.total","eventTypes":["MemberAdmitted",…],"from":null,"to":"…-12-31"}}
# the events behind a figure: GET /reports/social/$YEAR/figures/s3-soci-a-inizio-anno-totale → {"figure":…,"count":…,"events":[{"id":…}]}
# the other economic figures, before the approval: POST /reports/social/$YEAR/economic-document {"title","text","amounts":[{"label","amountCents"}]}
curl -sS --fail-with-body "$COOP/reports/social/$YEAR?format=pdf" -H "Authorization: Bearer $KEY" -D - \
  -o "$COOP_EXAMPLES_DIR/bilancio-sociale-$YEAR.pdf" | grep -i '^x-'
#   headers X-Content-SHA256 (the document's hash) and X-Social-Report-Status: draft | approved

# The assembly that approves it: convened with 20 days' notice, held three days ago (G5);
# the two members admitted more than 90 days before vote (G2), present on the first call (G4)
ASSEMBLY=$(uuid)
curl -sS --fail-with-body -XPOST $COOP/governance/assemblies/$ASSEMBLY -H "Authorization: Bearer $SECRETARY" \
  -H 'Content-Type: application/json' -d '{"kind":"ordinary","agenda":["bilancio sociale '$YEAR'"],
    "firstCall":{"date":"'"$(day -3)"'","place":"sede"},"noticeSentOn":"'"$(day -23)"'"}' | json .position
for MEMBER in $MARIA $LUCA; do
  curl -sS --fail-with-body -XPOST $COOP/governance/assemblies/$ASSEMBLY/attendance -H "Authorization: Bearer $SECRETARY" \
    -H 'Content-Type: application/json' -d '{"memberId":"'"$MEMBER"'"}' | json .position
done
curl -sS --fail-with-body -XPOST $COOP/governance/assemblies/$ASSEMBLY/opening -H "Authorization: Bearer $SECRETARY" \
  -H 'Content-Type: application/json' -d '{"call":"first"}' | json .position
curl -sS --fail-with-body -XPOST $COOP/governance/assemblies/$ASSEMBLY/motions -H "Authorization: Bearer $SECRETARY" \
  -H 'Content-Type: application/json' -d '{"motionId":"m1","item":1,"text":"L'"'"'assemblea approva il bilancio sociale '$YEAR'"}' | json .position
for MEMBER in $MARIA $LUCA; do
  curl -sS --fail-with-body -XPOST $COOP/governance/assemblies/$ASSEMBLY/votes -H "Authorization: Bearer $SECRETARY" \
    -H 'Content-Type: application/json' -d '{"motionId":"m1","memberId":"'"$MEMBER"'","vote":"for"}' | json .position
done
POSITION=$(curl -sS --fail-with-body -XPOST $COOP/governance/assemblies/$ASSEMBLY/results -H "Authorization: Bearer $SECRETARY" \
  -H 'Content-Type: application/json' -d '{"motionId":"m1","resolutionId":"ass-2"}' | json .position)

# The resolution as adopted, once recorded (?after=); then the approval: the document as it
# stands is fixed, its bytes and sha256 in SocialReportApproved
curl -sS --fail-with-body "$COOP/governance/resolutions/ass-2?after=$POSITION" -H "Authorization: Bearer $KEY" | json .outcome
curl -sS --fail-with-body -XPOST "$COOP/reports/social/$YEAR/approval" -H "Authorization: Bearer $KEY" \
  -H 'Content-Type: application/json' -d '{"assemblyResolutionId":"ass-2"}' | show | json .sha256
# → 201 {"year":…,"sha256":"…","position":"…"}; later GETs of the PDF answer those very bytes;
#   a second approval is 409 SOCIAL_REPORT_APPROVED; a resolution that names nothing is 400 UNKNOWN_REFERENCE
#   on body.assemblyResolutionId; a board resolution or a rejected one is 409 RESOLUTION_NOT_ADOPTED
