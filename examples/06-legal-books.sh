. examples/lib.sh   # COOP, KEY and the helpers
YEAR=$(day | cut -c1-4)
# The register of this year as a PDF/A: rendered, nothing recorded (its sha256 in X-Content-SHA256)
curl -sS --fail-with-body "$COOP/books/register/$YEAR.pdf" -H "Authorization: Bearer $SECRETARY" \
  -o "$COOP_EXAMPLES_DIR/libro-soci-$YEAR.pdf"
head -c 8 "$COOP_EXAMPLES_DIR/libro-soci-$YEAR.pdf"; echo   # %PDF-1.7
# The print, recorded by BookPrinted with its sha256 and pages (the same bytes again record nothing)
curl -sS --fail-with-body -XPOST "$COOP/books/register/$YEAR/prints" -H "Authorization: Bearer $SECRETARY" | show | json .sha256
# → 201 {"recorded":true,"stream":"legalBook-register-2026","position":"…","sha256":"…","firstPage":1,"lastPage":1,
#        "seal":null}  (null until a seal covers the book's last entry: seal first, then print)
