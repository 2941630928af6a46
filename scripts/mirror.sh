# Which Debian mirror debootstrap fetches from (scripts/i386.sh's sysroot, the .deb's install
# test): SW_DEBIAN_MIRROR if set, else the first one this machine's apt uses for the suite, so that
# a machine that reaches only its own mirror gets its chroots from there. Sourced; sets no shell
# options.

# sw_debian_mirror_lines SUITE: every mirror that this machine's apt sources offer SUITE from
# (one-line sources.list files first, then deb822 .sources files).
sw_debian_mirror_lines() {
  local f suite="$1"
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [[ -f "$f" ]] || continue
    awk -v suite="$suite" '$1 == "deb" {
      i = 2
      if ($i ~ /^\[/) { while (i < NF && $i !~ /\]$/) i++; i++ }
      if ($(i + 1) == suite) { print $i; exit }
    }' "$f"
  done
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ -f "$f" ]] || continue
    awk -v suite="$suite" 'BEGIN { RS = ""; FS = "\n" } {
      types = uris = suites = ""; enabled = "yes"
      for (i = 1; i <= NF; i++) {
        if ($i ~ /^#/) continue
        key = tolower($i); sub(/:.*/, "", key); value = $i; sub(/^[^:]*:[ \t]*/, "", value)
        if (key == "types") types = value; else if (key == "uris") uris = value
        else if (key == "suites") suites = value; else if (key == "enabled") enabled = value
      }
      if (enabled != "no" && (" " types " ") ~ / deb / && (" " suites " ") ~ (" " suite " ")) {
        split(uris, u, /[ \t]+/); print u[1]; exit
      }
    }' "$f"
  done
}
# sw_debian_mirror SUITE: the mirror to use (no trailing slash); empty if there is none.
sw_debian_mirror() {
  local m="${SW_DEBIAN_MIRROR:-$(sw_debian_mirror_lines "$1" | head -n1)}"
  echo "${m%/}"
}
