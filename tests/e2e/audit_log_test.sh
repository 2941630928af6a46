#!/usr/bin/env bash
# End-to-end tests of the audit log through the built binary, on regular files only: a record
# for each stick written (verified, failed), none when the target was never opened, --log over
# $STICKWRIGHT_LOG, and `stickwright log` as a table, as CSV and --since.
# Usage: audit_log_test.sh PATH/TO/stickwright
HERE="$(cd "$(dirname "$0")" && pwd)"
source "$HERE/lib.sh"
cd "$SW_TMP"
command -v jq >/dev/null || sw_skip "jq is missing (scripts/test installs it)"

head -c $((3 * 1024 * 1024)) /dev/urandom >image.iso
SHA=$(sha256sum image.iso | cut -d' ' -f1)
truncate -s 8M drive.img
LOG="$STICKWRIGHT_LOG"  # lib.sh points it into this test's directory

echo "# a verified write is logged with its fields"
LAST=ok; run_sw $LAST write image.iso drive.img --hash "$SHA" --yes
check "exit 0" rc_is 0
check "one record" bash -c "[[ \$(wc -l <'$LOG') == 1 ]]"
check "the record's fields" bash -c "jq -e --arg sha '$SHA' --arg img '$SW_TMP/image.iso' --arg tgt '$SW_TMP/drive.img' '
  .result == \"verified\" and .exit_code == 0 and .image == \$img and .target == \$tgt and
  .image_sha256 == \$sha and .image_bytes == 3145728 and .bytes_written == 3145728 and
  .expected_source == \"sha256 given by the user, matched the image\" and
  .authenticity == \"unsigned\" and .mode == \"raw\" and (.readback_digest | startswith(\"xxh3-128:\")) and
  (.time_start | test(\"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z$\")) and .time_end >= .time_start and
  .host != \"\" and .stickwright_version != \"\" and .write_mb_s > 0 and .verify_mb_s > 0' '$LOG' >/dev/null"

echo "# a hash mismatch never opens the target: no record"
LAST=mismatch; run_sw $LAST write image.iso drive.img --hash "$(printf '0%.0s' {1..64})" --yes
check "exit 2" rc_is 2
check "still one record" bash -c "[[ \$(wc -l <'$LOG') == 1 ]]"

echo "# --no-verify is logged as written, not verified; --log wins over STICKWRIGHT_LOG"
LAST=noverify; run_sw $LAST write image.iso drive.img --hash "$SHA" --yes --no-verify --log other.jsonl
check "exit 0" rc_is 0
check "the record went to --log" bash -c "jq -e '.result == \"written\"' other.jsonl >/dev/null && [[ \$(wc -l <'$LOG') == 1 ]]"

echo "# a target too small is refused before it is opened: no record"
# (A failed write's record, result "failed" with its offset, is checked in
# tests/tui/audit_log_test.cpp; a drive failing mid-write needs the FUSE fault drive.)
truncate -s 1M small.img
LAST=small; run_sw $LAST write image.iso small.img --hash "$SHA" --yes
check "too small: exit 3" rc_is 3
check "too small: no record" bash -c "[[ \$(wc -l <'$LOG') == 1 ]]"

echo "# stickwright log: a table, CSV, --since; a damaged last line is skipped with a warning"
LAST=ok2; run_sw $LAST write image.iso drive.img --hash "$SHA" --yes
printf '{"time_start":"2026-' >>"$LOG"
LAST=table; run_sw $LAST log
check "log: exit 0" rc_is 0
check "log: a row per stick" bash -c "[[ \$(grep -c ' verified ' $LAST.out) == 2 ]]"
check "log: the count" out_has "^2 record(s)$"
check "log: warns about the damaged line" err_has "line 3 of .* is not a record (damaged or cut short); skipped"
LAST=csv; run_sw $LAST log --csv
check "csv: a header and two rows" bash -c "[[ \$(wc -l <$LAST.out) == 3 ]] && head -1 $LAST.out | grep -q '^time_start,time_end,host,stickwright_version,image,'"
check "csv: the expected source is quoted (it has a comma)" out_has '"sha256 given by the user, matched the image"'
LAST=since; run_sw $LAST log --since 2999-01-01
check "--since in the future: no rows" out_has "^0 record(s)$"
LAST=sincebad; run_sw $LAST log --since yesterday
check "--since with no date: exit 1" rc_is 1
check "--since: says the format" err_has "give a date as YYYY-MM-DD"
LAST=empty; run_sw $LAST log --log none.jsonl
check "an empty log: exit 0, says so" bash -c "[[ $RC == 0 ]] && grep -q 'no records in none.jsonl' $LAST.err"

sw_summary
