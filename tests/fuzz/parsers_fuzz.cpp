// libFuzzer harness for the parsers that read untrusted text: checksum lists (downloaded next
// to the image), --hash values, and /proc mountinfo and swaps lines. Built and run by
// scripts/fuzz; findings are kept as regression inputs in tests/fuzz/corpus-parsers/.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "platform/mountinfo.h"
#include "writer/checksum_file.h"
#include "writer/expected_hash.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto list = sw::writer::parse_checksum_text(text);
  for (const auto& e : list.entries) {
    // Every accepted entry must be well-formed.
    if (e.hex.size() != sw::writer::hex_length(e.algorithm) || !sw::writer::is_hex(e.hex))
      __builtin_trap();
  }
  (void)sw::writer::select_entry(list, "image.iso", "FUZZ", sw::writer::ListRole::kShared);
  (void)sw::writer::select_entry(list, "image.iso", "FUZZ", sw::writer::ListRole::kSidecar);
  (void)sw::writer::parse_hash_spec(text.substr(0, 200));
  (void)sw::platform::parse_mountinfo(text);
  (void)sw::platform::parse_swaps(text);
  (void)sw::platform::decode_octal_escapes(text);
  if (const auto* m = sw::platform::mount_containing(sw::platform::parse_mountinfo(text), "/a/b")) {
    (void)m->mountpoint.size();
  }
  return 0;
}
