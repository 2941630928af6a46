#include "writer/inspect/wim_header.h"

#include <cstdint>

namespace sw::writer::wim {

HeaderKind header_kind(std::span<const std::byte> head) {
  static constexpr char kMagic[] = {'M', 'S', 'W', 'I', 'M', 0, 0, 0};
  if (head.size() < kHeaderBytes) return HeaderKind::kNotWim;
  for (std::size_t i = 0; i < sizeof kMagic; ++i) {
    if (head[i] != static_cast<std::byte>(kMagic[i])) return HeaderKind::kNotWim;
  }
  std::uint32_t version = 0;
  for (int i = 3; i >= 0; --i) {
    version = version << 8 | std::to_integer<std::uint32_t>(head[12 + static_cast<std::size_t>(i)]);
  }
  return version == 0xE00 ? HeaderKind::kSolid : HeaderKind::kPlain;
}

}  // namespace sw::writer::wim
