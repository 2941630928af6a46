# What the completion tests (bash_completion_test.sh, zsh_completion_test.sh) complete against,
# in $SW_TMP: a fixture machine (make_fixture), `stickwright` on fake/ standing in for the program
# (it answers `list` from the fixture and logs its arguments in calls.log: no real drive is listed),
# the drives the completion must offer (offered.txt; with --allow-non-removable, allowed.txt), read
# from the program's JSON with jq, and images/ with image files (image_files.txt) and others.
# Source after lib.sh.
[[ -x "$SW_FIXTURE_BIN" ]] || sw_skip "make_fixture was not given (the second argument)"
command -v jq >/dev/null || sw_skip "jq is missing (scripts/test installs it): it reads the drives"

"$SW_FIXTURE_BIN" "$SW_TMP/fixture" > /dev/null || { echo "FAIL - make_fixture"; exit 1; }
mkdir "$SW_TMP/fake"
cat > "$SW_TMP/fake/stickwright" <<FAKE
#!/bin/sh
echo "\$*" >> "$SW_TMP/calls.log"
[ "\$1" = list ] && exec "$SW_BIN" "\$@" --sysroot "$SW_TMP/fixture"
exit 1
FAKE
chmod +x "$SW_TMP/fake/stickwright"
"$SW_BIN" list --json --sysroot "$SW_TMP/fixture" | jq -r '.drives[].path' | sort \
  > "$SW_TMP/offered.txt"
"$SW_BIN" list --all --json --sysroot "$SW_TMP/fixture" |
  jq -r '.drives[] | select(.verdict != "never") | .path' | sort > "$SW_TMP/allowed.txt"

mkdir "$SW_TMP/images" "$SW_TMP/images/sub"
for f in a.iso B.IMG c.raw d.bin e.img.xz f.img.zst g.img.gz h.img.bz2 "with space.iso" \
         notes.txt SHA256SUMS; do
  : > "$SW_TMP/images/$f"
done
printf '%s\n' a.iso B.IMG c.raw d.bin e.img.xz f.img.zst g.img.gz h.img.bz2 sub \
  "with space.iso" | sort > "$SW_TMP/image_files.txt"
