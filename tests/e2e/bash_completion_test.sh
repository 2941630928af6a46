#!/usr/bin/env bash
# completion/stickwright.bash in a non-interactive bash: it registers itself, and its function,
# called as bash calls it (COMP_WORDS, COMP_CWORD, COMP_LINE, COMP_POINT), offers the commands of
# --help, each command's options exactly as the program accepts them (asked of the program for
# every command and option), option values, image files for IMAGE, and for TARGET the whole disks
# a fixture machine offers. `stickwright` on PATH is a stand-in that answers `list` from the
# fixture (make_fixture) and logs its arguments: no real drive is listed or touched.
# Usage: bash_completion_test.sh PATH/TO/stickwright PATH/TO/make_fixture
source "$(dirname "$0")/lib.sh"
COMPLETION="$(cd "$(dirname "$0")/../.." && pwd)/completion/stickwright.bash"
source "$(dirname "$0")/completion_lib.sh"
cd "$SW_TMP" || exit 1

# complete LINE: runs the completion for LINE (the cursor at its end) in a fresh bash in images/,
# as bash would: words split at blanks and at '=' and ':' (COMP_WORDBREAKS). The candidates go to
# reply.txt, sorted, and what it printed to completion.err.
complete_line() {
  local line="$1" words
  words=$(printf '%s' "$line" | sed 's/\([=:]\)/ \1 /g')
  (cd images && PATH="$SW_TMP/fake:$PATH" bash --norc --noprofile -c '
    source "$1"
    read -ra COMP_WORDS <<< "$2"
    [[ $3 == *" " || -z $3 ]] && COMP_WORDS+=("")
    COMP_CWORD=$((${#COMP_WORDS[@]} - 1)) COMP_LINE=$3 COMP_POINT=${#3}
    _stickwright
    printf "%s\n" "${COMPREPLY[@]}"' _ "$COMPLETION" "$words" "$line") 2> completion.err |
    sed '/^$/d' | sort > reply.txt
}
# offers LINE FILE: the candidates for LINE are exactly FILE's lines.
offers() {
  complete_line "$1"
  diff -u "$2" reply.txt > reply.diff && [[ ! -s completion.err ]] && return 0
  echo "     for '$1':"; sed 's/^/     | /' reply.diff completion.err
  return 1
}
# offers_words LINE WORD...: the candidates for LINE are exactly the WORDs.
offers_words() {
  local line="$1"
  shift
  printf '%s\n' "$@" | sort > want.txt
  offers "$line" want.txt
}
# registers FILE: a fresh bash that sources FILE has the completion of stickwright.
registers() {
  bash --norc --noprofile -c 'source "$1"; complete -p stickwright' _ "$1" |
    grep -qx 'complete -F _stickwright stickwright'
}

echo "# it registers itself"
check "complete -p stickwright: complete -F _stickwright stickwright" registers "$COMPLETION"
check "it needs none of bash-completion's helpers" \
  bash -c "! grep -nE '_init_completion|_filedir|_get_comp_words_by_ref' '$COMPLETION'"

echo "# the commands of --help"
"$SW_BIN" --help | sed -n 's/^  stickwright \([a-z][a-z]*\).*/\1/p' | sort -u > commands.txt
check "--help names commands (found $(wc -l < commands.txt))" test "$(wc -l < commands.txt)" -ge 10
sort commands.txt image_files.txt > first.txt
check "after 'stickwright ': the commands, and image files (the terminal UI)" \
  offers "stickwright " first.txt
check "after 'stickwright wr': write" offers_words "stickwright wr" write
check "after 'stickwright --demo ': image files only" offers "stickwright --demo " image_files.txt

echo "# the options of each command, as the program accepts them"
# accepted CMD OPTION: whether the program's parser takes OPTION for CMD ("tui": no command).
# OPTION=x then --help: parsing stops at --help (nothing runs) unless OPTION is refused first.
accepted() {
  local args=("$2=x" --help)
  [[ "$1" != tui ]] && args=("$1" "${args[@]}")
  ! "$SW_BIN" "${args[@]}" 2>&1 </dev/null | grep -qE "does not apply|unknown option"
}
"$SW_BIN" --help | grep -oE -- '--[a-z][a-z-]*' | sort -u | grep -vxE -- '--help|--version' \
  > all_options.txt
check "--help names options (found $(wc -l < all_options.txt))" \
  test "$(wc -l < all_options.txt)" -ge 25
for cmd in tui $(cat commands.txt); do
  : > want.txt
  while read -r opt; do
    if accepted "$cmd" "$opt"; then echo "$opt" >> want.txt; fi
  done < all_options.txt
  echo --help >> want.txt
  line="stickwright $cmd --"
  if [[ "$cmd" == tui ]]; then
    line="stickwright --"
    echo --version >> want.txt
  fi
  sort -o want.txt want.txt
  check "after '$line': the options the program takes for ${cmd/tui/the terminal UI}" \
    offers "$line" want.txt
done
# The program wants a value after OPTION unless it says "takes no value" for OPTION=x, asked of
# the first command that takes OPTION.
for opt in $(cat all_options.txt); do
  want=""
  for cmd in tui $(cat commands.txt); do
    accepted "$cmd" "$opt" || continue
    args=("$opt=x" --help); [[ "$cmd" != tui ]] && args=("$cmd" "${args[@]}")
    want=yes; "$SW_BIN" "${args[@]}" 2>&1 </dev/null | grep -q "takes no value" && want=no
    break
  done
  got=no; bash -c "source '$COMPLETION'; _stickwright_takes_value '$opt'" && got=yes
  check "$opt takes a value: ${want:-no command takes it}" test "$want" == "$got"
done

echo "# option values"
check "write --mode: auto raw windows" offers_words "stickwright write --mode " auto raw windows
check "station --mode: auto raw" offers_words "stickwright station x.iso --mode " auto raw
check "write --mode=r: raw (after '=')" offers_words "stickwright write --mode=r" raw
check "write --mode=: every mode" offers_words "stickwright write --mode=" auto raw windows
check "hash --algo: md5 sha1 sha256 sha512" \
  offers_words "stickwright hash --algo " md5 sha1 sha256 sha512
check "restore --fs: fat32 exfat" offers_words "stickwright restore --fs " fat32 exfat
for pair in write:--mode=auto write:--mode=raw write:--mode=windows station:--mode=auto \
            station:--mode=raw restore:--fs=fat32 restore:--fs=exfat; do
  check "the program takes ${pair#*:} for ${pair%%:*}" \
    "$SW_BIN" "${pair%%:*}" "${pair#*:}" --help > /dev/null 2>&1
done
complete_line "stickwright write a.iso --checksums SHA"
check "--checksums: file names (SHA256SUMS)" grep -qx SHA256SUMS reply.txt
check "--hash: no value to offer" offers "stickwright write --hash " /dev/null

echo "# IMAGE: image files and directories"
for cmd in write inspect hash verify station; do
  check "$cmd IMAGE: the image files" offers "stickwright $cmd " image_files.txt
done
check "write w: the name with a space" offers_words "stickwright write w" "with space.iso"
check "read TARGET IMAGE: image files" offers "stickwright read /dev/sdb " image_files.txt

echo "# TARGET: the whole disks 'stickwright list --json' offers"
check "the fixture offers drives (found $(wc -l < offered.txt))" test "$(wc -l < offered.txt)" -ge 5
check "the fixture has drives that need --allow-non-removable" \
  bash -c "[[ \$(comm -13 offered.txt allowed.txt) ]]"
for line in "stickwright write a.iso " "stickwright write a.iso /dev/sdb " \
            "stickwright verify a.iso " "stickwright restore " "stickwright check " \
            "stickwright read " "stickwright verify a.iso --hash sha256:0123abcd "; do
  check "'$line': the offered drives" offers "$line" offered.txt
done
check "write --allow-non-removable: also the drives that need it" \
  offers "stickwright write --allow-non-removable a.iso " allowed.txt
grep '^/dev/sd' offered.txt > sd.txt
check "/dev/sd: the offered drives under that name" offers "stickwright check /dev/sd" sd.txt
check "the fixture's sdb has a partition, sdb1" bash -c "'$SW_BIN' list --json \
  --sysroot '$SW_TMP/fixture' | jq -r '.drives[].partitions[].path' | grep -qx /dev/sdb1"
check "the fixture has nvme0n1, never written" bash -c "'$SW_BIN' list --all --json \
  --sysroot '$SW_TMP/fixture' | jq -r '.drives[] | select(.verdict == \"never\") | .path' |
  grep -qx /dev/nvme0n1"
complete_line "stickwright check --allow-non-removable "
check "no partition is offered (sdb1)" bash -c "! grep -qx /dev/sdb1 reply.txt"
check "never a disk the program never writes (nvme0n1)" bash -c "! grep -qx /dev/nvme0n1 reply.txt"
: > calls.log
complete_line "stickwright write --sysroot /some/root a.iso "
check "--sysroot DIR is passed on to list" grep -qx -- "list --json --sysroot /some/root" calls.log
: > calls.log
complete_line "stickwright check --allow-non-removable /dev/"
check "--allow-non-removable asks for list --all" grep -qx -- "list --all --json" calls.log
check "a file name for TARGET (an image file written in place)" \
  offers_words "stickwright write a.iso not" notes.txt
check "nothing from list, in list and log" offers "stickwright list " /dev/null
check "log: no operand" offers "stickwright log " /dev/null

echo "# without a working program"
rm fake/stickwright
printf '#!/bin/sh\necho broken >&2\nexit 1\n' > fake/stickwright
chmod +x fake/stickwright
check "no drives, and nothing printed" offers "stickwright write a.iso " /dev/null

sw_summary
