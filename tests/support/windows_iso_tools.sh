# Shell functions shared by the scripts that build Windows-installer-like ISOs
# (tests/inspect/make_images.sh, tests/windows/make_windows_iso.sh). Source it; needs perl.

# make_pe OUT MACHINE: a minimal PE image: "MZ", e_lfanew (at 0x3c) = 0x80, "PE\0\0", the COFF
# header with MACHINE (0x014c i386, 0x8664 x86-64, 0xaa64 arm64) and an empty optional header.
make_pe() {
  perl -e '
    my ($out, $machine) = ($ARGV[0], hex $ARGV[1]);
    my $plus = $machine != 0x014c;                       # PE32+ for 64-bit machines
    my $mz = "MZ" . ("\0" x 58) . pack("V", 0x80);
    $mz .= "\0" x (0x80 - length $mz);
    my $optsize = $plus ? 0xf0 : 0xe0;
    my $coff = "PE\0\0" . pack("vvVVVvv", $machine, 0, 0, 0, 0, $optsize,
                                $plus ? 0x0022 : 0x0102);   # executable (+ large-address / 32-bit)
    my $opt = pack("v", $plus ? 0x20b : 0x10b) . ("\0" x ($optsize - 2));
    substr($opt, 68, 2) = pack("v", 2);                  # Subsystem: Windows GUI
    my $pe = $mz . $coff . $opt;
    $pe .= "\0" x (1024 - length $pe);
    open(my $fh, ">:raw", $out) or die "$out: $!";
    print $fh $pe;
    close($fh) or die "$out: $!";
  ' "$1" "$2"
}

# iso9660_root_only ISO NAME...: rewrites the ISO 9660 root directory of ISO so that it lists
# only ".", ".." and the records named NAME (e.g. README.TXT;1), and cuts both path tables down
# to the root's entry. File data and every other structure (UDF, El Torito) are left alone:
# this is how Windows installer ISOs look, files in UDF only.
iso9660_root_only() {
  perl -e '
    use strict; use warnings;
    my ($iso, @keep) = @ARGV;
    open(my $fh, "+<:raw", $iso) or die "$iso: $!";
    sub rd { my ($fh, $off, $len) = @_; seek($fh, $off, 0) or die; my $b = "";
             read($fh, $b, $len) == $len or die "short read at $off"; return $b; }
    sub wr { my ($fh, $off, $data) = @_; seek($fh, $off, 0) or die; print $fh $data or die; }
    my $pvd = rd($fh, 16 * 2048, 2048);
    substr($pvd, 0, 6) eq "\x01CD001" or die "$iso: no primary volume descriptor at sector 16";
    my $root = substr($pvd, 156, 34);
    my $lba = unpack("V", substr($root, 2, 4));
    my $size = unpack("V", substr($root, 10, 4));
    my $ext = rd($fh, $lba * 2048, $size);
    my ($new, $pos, $kept) = ("", 0, 0);
    while ($pos < $size) {
      my $len = ord(substr($ext, $pos, 1));
      if ($len == 0) { $pos = (int($pos / 2048) + 1) * 2048; next; }
      my $rec = substr($ext, $pos, $len);
      my $name = substr($rec, 33, ord(substr($rec, 32, 1)));
      if ($name eq "\0" || $name eq "\1" || grep { $_ eq $name } @keep) {
        my $room = 2048 - length($new) % 2048;            # a record never spans two sectors
        $new .= "\0" x $room if $room < $len;
        $new .= $rec;
        $kept++ unless $name eq "\0" || $name eq "\1";
      }
      $pos += $len;
    }
    $kept == @keep or die "$iso: found $kept of the names to keep (@keep)";
    wr($fh, $lba * 2048, $new . ("\0" x ($size - length $new)));
    my $ptsize = unpack("V", substr($pvd, 132, 4));
    my @ltables = grep { $_ } unpack("VV", substr($pvd, 140, 8));
    my @mtables = grep { $_ } unpack("NN", substr($pvd, 148, 8));
    for my $t (@ltables, @mtables) {                     # the root entry is the first 10 bytes
      wr($fh, $t * 2048 + 10, "\0" x ($ptsize - 10));
    }
    substr($pvd, 132, 8) = pack("VN", 10, 10);
    wr($fh, 16 * 2048, $pvd);
    close($fh) or die "$iso: $!";
  ' "$@"
}

# windows_skeleton DIR: what every installer look-alike holds besides its own files:
# boot/etfsboot.com (4096 bytes: a few real-mode instructions, NOPs, 0x55AA) for the El Torito
# entry, and README.TXT, the one file Windows ISOs show on their ISO 9660 side.
windows_skeleton() {
  mkdir -p "$1/boot"
  perl -e 'print "\xfa\x33\xc0\x8e\xd0\xbc\x00\x7c", "\x90" x 4086, "\x55\xaa"' >"$1/boot/etfsboot.com"
  printf 'This disc contains a "UDF" file system and requires an operating system\r\nthat supports the ISO-13346 "UDF" file system specification.\r\n' \
    >"$1/README.TXT"
}

# windows_udf_iso OUT VOLID DIR [GENISOIMAGE_ARGS...]: DIR (made with windows_skeleton) as a
# Windows-installer-like ISO: genisoimage -udf with UTF-8 names (UDF keeps them, as Unicode),
# volume id VOLID on both sides, an El Torito x86 no-emulation entry for boot/etfsboot.com
# (8 sectors), GENISOIMAGE_ARGS before DIR (e.g. a second El Torito entry), then the ISO 9660
# side cut down to README.TXT. No -J/-R, so ISO 9660 is a single tree. genisoimage also puts
# /boot.catalog into UDF, and stamps the current time into its volume descriptors.
windows_udf_iso() {
  local out="$1" volid="$2" dir="$3"
  shift 3
  genisoimage -quiet -input-charset utf-8 -udf -V "$volid" -o "$out" \
    -b boot/etfsboot.com -no-emul-boot -boot-load-size 8 "$@" "$dir" &&
    iso9660_root_only "$out" 'README.TXT;1'
}
