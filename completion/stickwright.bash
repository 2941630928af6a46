# bash completion for stickwright(1): the commands, each command's options and their values, image
# files for IMAGE, and for TARGET the drives that `stickwright list --json` offers.
# Plain bash: it needs none of bash-completion's helpers (bash-completion loads it on demand from
# share/bash-completion/completions/stickwright; `source` it to use it without).
# tests/e2e/bash_completion_test.sh checks it, and compares the option lists below with what the
# program's flag table (tui/cli/args.cpp) accepts.

# _stickwright_options COMMAND: the options COMMAND takes ("tui": stickwright without a command).
_stickwright_options() {
  local signed="--signature --keyring --catalog --require-signature"
  case $1 in
    tui) echo "--demo --sysroot --allow-non-removable --require-signature --keyring --catalog" \
      "--log" ;;
    list) echo "--all --json --sysroot" ;;
    write) echo "--hash --checksums --unverified $signed --yes --json --no-verify" \
      "--allow-non-removable --allow-hard-disk --check --mode --sysroot --log" ;;
    inspect) echo "--json" ;;
    hash) echo "--algo --json --keyring --catalog" ;;
    verify) echo "--hash --checksums --signature --keyring --catalog --json" \
      "--allow-non-removable --sysroot" ;;
    station) echo "--hash --checksums --unverified $signed --yes --json --count --min-size" \
      "--max-size --mode --sysroot --log" ;;
    restore) echo "--label --fs --yes --json --allow-non-removable --allow-hard-disk --sysroot" \
      "--log" ;;
    read) echo "--size --used --yes --json --allow-non-removable --sysroot" ;;
    check) echo "--destructive --yes --json --sysroot --allow-non-removable --allow-hard-disk" ;;
    log) echo "--log --csv --since" ;;
  esac
}

# _stickwright_takes_value OPTION: whether OPTION is followed by a value.
_stickwright_takes_value() {
  case $1 in
    --hash | --checksums | --signature | --keyring | --catalog | --algo | --sysroot | --mode | \
      --log | --label | --fs | --min-size | --max-size | --count | --size | --since)
      return 0 ;;
  esac
  return 1
}

_stickwright_commands="list write inspect hash verify station restore read check log"

# _stickwright_drives PROGRAM ARGS...: "PATH VERDICT" of each whole disk in the output of
# `PROGRAM ARGS...` (list --json). One JSON line; a drive object starts with path, name and
# major_minor, a partition's with path, name and size_bytes, so partitions are left out.
_stickwright_drives() {
  timeout 10 "$@" 2>/dev/null </dev/null | sed 's/{"path":/\n&/g' |
    sed -n 's/^{"path":"\([^"]*\)","name":"[^"]*","major_minor":.*"verdict":"\([a-z_]*\)".*/\1 \2/p'
}

# _stickwright_join_words: sets words and cword like COMP_WORDS and COMP_CWORD, with the pieces
# bash splits off at '=' and ':' joined again (--mode=raw, sha256:HEX, a file name with ':'),
# and the current word cut at the cursor.
_stickwright_join_words() {
  local line=${COMP_LINE:0:COMP_POINT} i w rest
  words=()
  for ((i = 0; i <= COMP_CWORD && i < ${#COMP_WORDS[@]}; i++)); do
    w=${COMP_WORDS[i]}
    rest=${line#"${line%%[![:space:]]*}"}
    ((i == COMP_CWORD)) && w=$rest
    if ((i > 0)) && [[ $rest == "$line" ]]; then
      words[${#words[@]} - 1]+=$w
    else
      words+=("$w")
    fi
    line=${rest:${#w}}
  done
  cword=$((${#words[@]} - 1))
}

# _stickwright_add COMMAND...: adds the lines COMMAND prints (compgen) to COMPREPLY.
_stickwright_add() {
  mapfile -t -O "${#COMPREPLY[@]}" COMPREPLY < <("$@")
}

# _stickwright_add_files WORD [dirs|images|all]: file names completing WORD.
_stickwright_add_files() {
  local f
  compopt -o filenames 2>/dev/null
  while IFS= read -r f; do
    if [[ -d $f ]]; then
      COMPREPLY+=("$f")
      continue
    fi
    case $2:${f,,} in
      all:* | images:*.iso | images:*.img | images:*.raw | images:*.bin | images:*.xz | \
        images:*.zst | images:*.gz | images:*.bz2)
        COMPREPLY+=("$f") ;;
    esac
  done < <(compgen -f -- "$1")
}

# _stickwright_add_targets WORD: the drives `list --json` offers (with --allow-non-removable on
# the line, also those that need it), and file names once WORD is not empty nor under /dev/.
_stickwright_add_targets() {
  local prog=${words[0]} args=(list --json) sysroot="" i path verdict drives=""
  for ((i = 1; i < cword; i++)); do
    case ${words[i]} in
      --allow-non-removable) args=(list --all --json) ;;
      --sysroot) ((i + 1 < cword)) && sysroot=${words[i + 1]} ;;
      --sysroot=*) sysroot=${words[i]#*=} ;;
    esac
  done
  [[ -n $sysroot ]] && args+=(--sysroot "$sysroot")
  # shellcheck disable=SC2088 # a tilde as typed, not expanded
  [[ $prog == "~/"* ]] && prog=$HOME/${prog#"~/"}
  command -v -- "$prog" >/dev/null 2>&1 || prog=stickwright
  while read -r path verdict; do
    [[ $verdict != never ]] && drives+=" $path"
  done < <(_stickwright_drives "$prog" "${args[@]}")
  _stickwright_add compgen -W "$drives" -- "$1"
  if [[ -n $1 && $1 != /dev/* ]]; then
    _stickwright_add_files "$1" all
  fi
}

# _stickwright_add_values COMMAND OPTION WORD: the values of OPTION completing WORD.
_stickwright_add_values() {
  local values=""
  case $2 in
    --mode) values="auto raw windows"; [[ $1 == station ]] && values="auto raw" ;;
    --algo) values="md5 sha1 sha256 sha512" ;;
    --fs) values="fat32 exfat" ;;
    --checksums | --signature | --keyring | --catalog | --log)
      _stickwright_add_files "$3" all
      return ;;
    --sysroot)
      compopt -o filenames 2>/dev/null
      _stickwright_add compgen -d -- "$3"
      return ;;
  esac
  _stickwright_add compgen -W "$values" -- "$3"
}

# _stickwright_add_operands COMMAND N WORD: what the operand after N others may be.
_stickwright_add_operands() {
  case $1:$2 in
    tui:0)
      ((cword == 1)) && _stickwright_add compgen -W "$_stickwright_commands" -- "$3"
      _stickwright_add_files "$3" images ;;
    write:0 | verify:0 | inspect:0 | hash:0 | station:0) _stickwright_add_files "$3" images ;;
    write:* | verify:1 | restore:0 | check:0 | read:0) _stickwright_add_targets "$3" ;;
    read:1) _stickwright_add_files "$3" images ;;
  esac
}

_stickwright() {
  local words cword cmd=tui operands=0 skip=0 i w
  _stickwright_join_words
  local cur=${words[cword]}
  COMPREPLY=()
  # The command is the first word (stickwright IMAGE is the terminal UI); count the operands.
  for ((i = 1; i < cword; i++)); do
    w=${words[i]}
    if ((skip)); then
      skip=0
    elif [[ $w == --*=* ]]; then
      :
    elif [[ $w == -* ]]; then
      _stickwright_takes_value "$w" && skip=1
    elif ((i == 1)) && [[ " $_stickwright_commands " == *" $w "* ]]; then
      cmd=$w
    else
      operands=$((operands + 1))
    fi
  done

  if [[ $cur == --*=* ]] && _stickwright_takes_value "${cur%%=*}"; then
    local opt=${cur%%=*} n
    _stickwright_add_values "$cmd" "$opt" "${cur#*=}"
    for n in "${!COMPREPLY[@]}"; do COMPREPLY[n]=$opt=${COMPREPLY[n]}; done
  elif ((skip)); then
    _stickwright_add_values "$cmd" "${words[cword - 1]}" "$cur"
  elif [[ $cur == -* ]]; then
    local opts
    opts="$(_stickwright_options "$cmd") --help"
    ((cword == 1)) && opts+=" --version"
    _stickwright_add compgen -W "$opts" -- "$cur"
  else
    _stickwright_add_operands "$cmd" "$operands" "$cur"
  fi

  # bash replaces only the part of the word after its last '=' or ':' (COMP_WORDBREAKS).
  local cut=$cur k
  for ((k = ${#cur} - 1; k >= 0; k--)); do
    [[ ${cur:k:1} == [=:] && $COMP_WORDBREAKS == *"${cur:k:1}"* ]] && break
  done
  cut=${cur:0:k+1}
  if [[ -n $cut ]]; then
    for i in "${!COMPREPLY[@]}"; do COMPREPLY[i]=${COMPREPLY[i]#"$cut"}; done
  fi
}

complete -F _stickwright stickwright
