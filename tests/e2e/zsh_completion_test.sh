#!/usr/bin/env bash
# completion/_stickwright: zsh parses it, compinit finds it (and Debian's zsh looks in the
# directory it is installed to), and in an interactive zsh in tmux, Tab lists the commands, a
# command's options, option values, image files for IMAGE and, for TARGET, the whole disks of a
# fixture machine (completion_lib.sh: a stand-in `stickwright` answers `list`; no real drive).
# Usage: zsh_completion_test.sh PATH/TO/stickwright PATH/TO/make_fixture
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/tui_lib.sh"
COMPLETION_DIR="$(cd "$(dirname "$0")/../.." && pwd)/completion"
command -v zsh >/dev/null || sw_skip "zsh is missing (scripts/test installs it)"
source "$(dirname "$0")/completion_lib.sh"
cd "$SW_TMP" || exit 1

echo "# zsh reads it"
check "zsh -n parses it" zsh -n "$COMPLETION_DIR/_stickwright"
# compinit -D: no dump file is read or written.
check "compinit binds it to stickwright" bash -c "[[ \$(zsh -f -c 'fpath=(\"$COMPLETION_DIR\"
  \$fpath); autoload -Uz compinit && compinit -u -D && print -r -- \${_comps[stickwright]}') \
  == _stickwright ]]"
check "Debian's zsh looks in share/zsh/vendor-completions (where it is installed)" \
  bash -c "zsh -f -c 'print -l \$fpath' | grep -qx /usr/share/zsh/vendor-completions"

# Tab in an interactive zsh: `zsh -f` (no rc files), then our setup typed in.
cat > zshrc <<EOF
fpath=("$COMPLETION_DIR" \$fpath)
autoload -Uz compinit && compinit -u -D
PS1='ZSH> '
EOF
new_pane "cd '$SW_TMP/images' && PATH='$SW_TMP/fake':\$PATH TERM=screen zsh -f -i"
T send-keys -t sw "source '$SW_TMP/zshrc'; clear" Enter
check "an interactive zsh with the completion loaded" pane_has "ZSH>"

# tab LINE: a clean screen (the last list gone), LINE typed, then Tab.
tab() {
  T send-keys -t sw C-u C-l
  T send-keys -t sw "$1"
  pane_has "ZSH> ${1% }" > /dev/null
  T send-keys -t sw Tab
}

echo "# Tab lists"
tab "stickwright "
check "the commands, described" pane_has "write    -- write IMAGE to TARGETs"
check "each command of --help" bash -c "for c in \$('$SW_BIN' --help |
  sed -n 's/^  stickwright \([a-z][a-z]*\).*/\1/p' | sort -u); do
  grep -qE \"^\$c +-- \" pane.txt || { echo \"     no \$c\"; exit 1; }; done"
check "and image files (the terminal UI's IMAGE)" pane_has "a.iso"
check "not other files" pane_lacks "notes.txt"

tab "stickwright write --"
check "write's options" pane_has "--require-signature"
for opt in --hash --checksums --unverified --no-verify --check --mode --allow-hard-disk; do
  check "write's option $opt" pane_matches "^$opt +-- "
done
check "not another command's (--destructive)" pane_lacks "--destructive"

tab "stickwright write --mode "
check "--mode: auto raw windows" pane_matches "^auto +raw +windows"
tab "stickwright station x.iso --mode "
check "station --mode: auto raw" pane_matches "^auto +raw *$"
tab "stickwright hash --algo="
check "--algo=: md5 sha1 sha256 sha512" pane_matches "^md5 +sha1 +sha256 +sha512"
tab "stickwright restore --fs "
check "--fs: exfat fat32" pane_matches "^exfat +fat32"

tab "stickwright inspect "
check "IMAGE: image files" pane_has "e.img.xz"
check "IMAGE: directories" pane_has "sub/"
check "IMAGE: not other files" pane_lacks "notes.txt"

sd_offered=$(grep '^/dev/sd' offered.txt | paste -sd' ')
tab "stickwright write a.iso /dev/sd"
check "TARGET: the offered drives ($sd_offered)" pane_matches "^${sd_offered// / +} *$"
check "TARGET: not a drive that needs --allow-non-removable (sda)" pane_lacks "/dev/sda "
check "TARGET: no partition (sdb1)" pane_lacks "/dev/sdb1"
"$SW_BIN" list --all --json --sysroot "$SW_TMP/fixture" |
  jq -r '.drives[] | select(.verdict == "never") | .path' > never.txt
tab "stickwright check --allow-non-removable /dev/"
while read -r drive; do
  check "TARGET with --allow-non-removable: $drive" pane_matches "(^| )$drive( |$)"
done < allowed.txt
while read -r drive; do
  check "TARGET with --allow-non-removable: never $drive" \
    bash -c "! grep -qE '(^| )$drive( |\$)' pane.txt || { sed 's/^/     | /' pane.txt; exit 1; }"
done < never.txt

sw_summary
