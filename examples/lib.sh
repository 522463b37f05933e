# What every example of the README sources first (`. examples/lib.sh`, from the repository's
# root): the service's address and key, and five helpers that need nothing but bash, curl and
# node (no jq, no uuidgen). The README includes each example verbatim; `npm test` runs them in
# order against a fresh service (test/e2e/readme-examples.e2e.spec.ts).
#
#   COOP   the service (default http://127.0.0.1:3000)
#   KEY    the admin API key printed at the first start, or the COOP_BOOTSTRAP_ADMIN_KEY it was started with
#   COOP_EXAMPLES_DIR   where the examples keep the ids they make (`remember`) and the files
#          they write, so the next example finds them (default: coop-examples in the OS temp dir)

# A script stops at the first failure; pasted into an interactive shell, the shell stays open.
if [[ $- != *i* ]]; then set -euo pipefail; fi

COOP=${COOP:-http://127.0.0.1:3000}
KEY=${KEY:-${COOP_BOOTSTRAP_ADMIN_KEY:-}}
if [[ -z $KEY ]]; then
  echo 'set KEY to the admin API key printed at the first start (or to COOP_BOOTSTRAP_ADMIN_KEY)' >&2
  return 1 2>/dev/null || exit 1
fi
COOP_EXAMPLES_DIR=${COOP_EXAMPLES_DIR:-${TMPDIR:-/tmp}/coop-examples}
mkdir -p "$COOP_EXAMPLES_DIR"
# What the earlier examples remembered.
if [[ -f $COOP_EXAMPLES_DIR/env ]]; then . "$COOP_EXAMPLES_DIR/env"; fi

# json [path]: the JSON answer on stdin, pretty-printed, or the value at a path such as
# `.key` or `.items.0.memberId` (a string as it is, anything else as JSON). A path the
# answer does not hold is an error, so a script also checks the answer's shape.
json() {
  node -e '
    const path = process.argv[1] ?? "";
    let text = "";
    process.stdin.on("data", (chunk) => (text += chunk)).on("end", () => {
      let value;
      try {
        value = JSON.parse(text);
      } catch {
        console.error(`not JSON: ${text.slice(0, 2000)}`);
        process.exit(1);
      }
      for (const step of path.split(".").filter(Boolean)) {
        if (value === null || typeof value !== "object" || !(step in value)) {
          console.error(`no ${path} in ${text.slice(0, 2000)}`);
          process.exit(1);
        }
        value = value[step];
      }
      console.log(typeof value === "string" ? value : JSON.stringify(value, null, path ? 0 : 2));
    });
  ' -- "$@"
}

# day [offset]: the date (YYYY-MM-DD) that many days from today in Europe/Rome, the
# cooperative's calendar (`day` is today, `day -30` a month ago), so that no example dates
# anything after today or clashes with what another example recorded.
day() {
  node -e '
    const at = new Date(Date.now() + Number(process.argv[1] ?? 0) * 86400000);
    console.log(new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Rome" }).format(at));
  ' -- "${1:-0}"
}

# show: prints the answer on stdin to stderr, for you to read, and passes it on (`| show | json .id`).
show() {
  local answer
  answer=$(cat)
  printf '%s\n' "$answer" >&2
  printf '%s\n' "$answer"
}

# uuid: a random UUID (v4), where a request names the id of what it creates.
uuid() { node -e 'console.log(crypto.randomUUID())'; }

# remember NAME…: keeps these variables for the examples that come after.
remember() {
  local name
  for name in "$@"; do
    grep -v "^$name=" "$COOP_EXAMPLES_DIR/env" >"$COOP_EXAMPLES_DIR/env.new" 2>/dev/null || true
    printf '%s=%q\n' "$name" "${!name}" >>"$COOP_EXAMPLES_DIR/env.new"
    mv "$COOP_EXAMPLES_DIR/env.new" "$COOP_EXAMPLES_DIR/env"
  done
}
