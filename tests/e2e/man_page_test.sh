#!/usr/bin/env bash
# The man page stays in step with the program: every option and command of `stickwright --help`
# is in it (each command's options in its synopsis), every exit code in EXIT STATUS, every
# variable the code reads with getenv in ENVIRONMENT; options are written with \- (so they render
# as the hyphen-minus one types); groff renders it with no warning, in 80 columns.
# tests/CMakeLists.txt passes the configured page (SW_MAN_PAGE) and the version.
# Usage: SW_MAN_PAGE=BUILD/stickwright.1 SW_EXPECTED_VERSION=X.Y.Z man_page_test.sh stickwright
source "$(dirname "$0")/lib.sh"
SRC="$(cd "$(dirname "$0")/../.." && pwd)"
MAN="${SW_MAN_PAGE:-}"
cd "$SW_TMP" || exit 1
command -v groff >/dev/null || sw_skip "groff is missing (scripts/test installs groff-base)"
[[ -f "$MAN" ]] || sw_skip "no configured man page in SW_MAN_PAGE ('$MAN'): run it through ctest"

"$SW_BIN" --help > help.txt
# The page without its comment lines, for the searches below.
grep -v '^\.\\"' "$MAN" > page.roff

# roff SECTION: the lines of the page's section SECTION (.SH SECTION up to the next .SH).
section() { awk -v s=".SH $1" '$0 == s {on = 1; next} /^\.SH / {on = 0} on' page.roff; }
# escaped OPTION: OPTION as roff source spells it (--no-verify is \-\-no\-verify).
escaped() { printf '%s' "${1//-/\\-}"; }
has_text() {  # has_text FILE TEXT: FILE has TEXT (fixed string), else says where it is missing
  grep -qF -- "$2" "$1" || { echo "     '$2' is not in $1"; return 1; }
}

echo "# the version"
check "the page's title line names stickwright ${SW_EXPECTED_VERSION:-}" \
  grep -q "^\.TH STICKWRIGHT 1 .*\"stickwright ${SW_EXPECTED_VERSION:-unset}\"" page.roff

echo "# every option of --help"
mapfile -t OPTIONS < <(grep -oE -- '--[a-z][a-z-]*' help.txt | sort -u)
check "--help names options (found ${#OPTIONS[@]})" test "${#OPTIONS[@]}" -ge 25
for opt in "${OPTIONS[@]}"; do
  check "$opt is in the man page" has_text page.roff "$(escaped "$opt")"
done
check "no option is written with a bare '-' (write \\-)" \
  bash -c "! grep -nE '(^|[^\\\\])--[a-z]' page.roff"

echo "# every command, with the options --help gives it"
# One usage block of --help per line: "CMD --opt --opt ..." ("tui" for stickwright [IMAGE]).
awk '/^Usage:/ {on = 1; next} on && /^$/ {exit}
     on && /^  stickwright / {if (line) print line
                              cmd = ($2 ~ /^[a-z]+$/) ? $2 : "tui"; line = cmd}
     on {while (match($0, /--[a-z][a-z-]*/)) {line = line " " substr($0, RSTART, RLENGTH);
                                            $0 = substr($0, RSTART + RLENGTH)}}
     END {print line}' help.txt | grep -v '^tui --help --version$' > usage_blocks.txt
# The page's synopsis, one line per .SY block: "CMD --opt ..." ("tui" for .SY stickwright).
awk '/^\.SY / {cmd = ($2 == "\"stickwright") ? $3 : "tui"; gsub(/"/, "", cmd); line = cmd; next}
     /^\.YS/ {print line; line = ""; next}
     line != "" {gsub(/\\-/, "-"); while (match($0, /--[a-z][a-z-]*/)) {
                   line = line " " substr($0, RSTART, RLENGTH); $0 = substr($0, RSTART + RLENGTH)}}
    ' page.roff > synopsis.txt
check "--help has a usage block per command (found $(wc -l < usage_blocks.txt))" \
  test "$(wc -l < usage_blocks.txt)" -ge 11
while read -r cmd opts; do
  [[ "$cmd" == tui ]] && name="the terminal UI" || name="$cmd"
  if [[ "$cmd" != tui ]]; then
    check "command $cmd has a section in COMMANDS" grep -q "^\.SS \"\\\\fB$cmd\\\\fR" page.roff
  fi
  check "$name has a synopsis" grep -q "^$cmd\\b" synopsis.txt
  syn=" $(grep -m1 "^$cmd\\b" synopsis.txt) "
  for opt in $opts; do
    check "the synopsis of $name has $opt" \
      bash -c "[[ '$syn' == *' $opt '* ]] || { echo '     synopsis:$syn'; exit 1; }"
  done
done < usage_blocks.txt

echo "# every exit code"
mapfile -t CODES < <(awk '/^Exit codes:/ {on = 1; next} on && /^  [0-9]+ / {print $1}' help.txt)
check "--help lists exit codes (found ${#CODES[@]})" test "${#CODES[@]}" -ge 9
section "EXIT STATUS" > exit_status.roff
for code in "${CODES[@]}"; do
  check "exit code $code is in EXIT STATUS" grep -qx "\.B $code" exit_status.roff
done

echo "# every environment variable the program reads"
mapfile -t VARS < <(grep -rhoE 'getenv\("[A-Za-z_]+"\)' "$SRC/platform" "$SRC/writer" "$SRC/tui" |
                    sed 's/getenv("\(.*\)")/\1/' | sort -u)
check "the code reads environment variables (found ${#VARS[@]})" test "${#VARS[@]}" -ge 5
section ENVIRONMENT > environment.roff
for var in "${VARS[@]}"; do
  check "$var is in ENVIRONMENT" grep -qx "\.B $(escaped "$var")" environment.roff
done

echo "# sections a man page needs"
for s in NAME SYNOPSIS DESCRIPTION COMMANDS OPTIONS "EXIT STATUS" ENVIRONMENT FILES EXAMPLES \
         SAFETY "SEE ALSO"; do
  check "section $s" grep -qx "\.SH \"\?$s\"\?" page.roff
done

echo "# groff renders it without a warning, in 80 columns"
groff -man -ww -z "$MAN" > groff.out 2> groff.err
RC=$?; LAST=groff
check "groff -man -ww -z exits 0" rc_is 0
check "groff -man -ww -z prints no warning" \
  bash -c "[[ ! -s groff.err ]] || { sed 's/^/     | /' groff.err; exit 1; }"
groff -man -Tascii -P-cbou "$MAN" > page.txt 2> render.err
check "renders as text" test -s page.txt
check "no rendered line is wider than 80 columns" \
  bash -c "! awk 'length > 80 {print \"     | \" \$0; bad = 1} END {exit !bad}' page.txt"
check "renders options as typed (--allow-non-removable)" grep -q -- '--allow-non-removable' page.txt

sw_summary
