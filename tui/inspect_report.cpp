#include "tui/inspect_report.h"

#include <fmt/format.h>

#include "platform/display_text.h"
#include "tui/json.h"
#include "writer/inspect/wim_tells.h"
#include "writer/raw_plan.h"

namespace sw::tui {
namespace {

using writer::Inspection;

std::string json_string(std::string_view s) { return fmt::format("\"{}\"", json_escape(s)); }

std::string table_json(const writer::PartitionTable& t) {
  JsonObject o;
  o.add("type", writer::table_type_name(t.type));
  if (t.mbr) {
    JsonObject m;
    m.add("signature", true)
        .add("boot_code", t.mbr->boot_code)
        .add("disk_id", fmt::format("0x{:08x}", t.mbr->disk_id));
    o.add_raw("mbr", m.str());
  } else {
    o.add_raw("mbr", "null");
  }
  if (t.gpt) {
    JsonObject g;
    g.add("header_crc_ok", t.gpt->header_crc_ok)
        .add("entries_crc_ok", t.gpt->entries_crc_ok)
        .add("backup_lba", t.gpt->backup_lba)
        .add("backup_ok", t.gpt->backup_ok)
        .add("disk_guid", t.gpt->disk_guid);
    o.add_raw("gpt", g.str());
  } else {
    o.add_raw("gpt", "null");
  }
  return o.str();
}

std::string partitions_json(const writer::PartitionTable& t) {
  std::vector<std::string> items;
  for (const auto& p : t.partitions) {
    JsonObject o;
    o.add("number", static_cast<std::uint64_t>(p.number))
        .add("scheme", writer::table_type_name(p.scheme))
        .add("type", p.type)
        .add("type_name", p.type_name)
        .add("start", p.start)
        .add("size", p.size)
        .add("active", p.active)
        .add("name", p.name)
        .add("filesystem", p.filesystem)
        .add("label", p.label);
    items.push_back(o.str());
  }
  return json_array(items);
}

std::string executables_json(const std::vector<writer::FoundExecutable>& v) {
  std::vector<std::string> items;
  for (const auto& e : v) {
    items.push_back(JsonObject().add("path", e.path).add("arch", writer::arch_name(e.arch)).str());
  }
  return json_array(items);
}

std::string el_torito_json(const Inspection& r) {
  std::vector<std::string> items;
  if (!r.iso) return "[]";
  for (const auto& e : r.iso->el_torito) {
    JsonObject o;
    o.add("platform", writer::el_torito_platform_name(e.platform_id))
        .add("platform_id", std::uint64_t{e.platform_id})
        .add("bootable", e.bootable)
        .add("emulation", writer::el_torito_media_name(e.media))
        .add("load_rba", std::uint64_t{e.load_rba})
        .add("sectors", std::uint64_t{e.sectors});
    items.push_back(o.str());
  }
  return json_array(items);
}

std::string iso_json(const Inspection& r) {
  if (!r.iso || !r.iso9660) return "null";
  JsonObject o;
  o.add("volume_id", r.iso->volume_id)
      .add("volume_bytes", r.iso->volume_bytes)
      .add("joliet", r.iso->joliet)
      .add("rock_ridge", r.iso->rock_ridge);
  return o.str();
}

std::string tells_json(const std::vector<writer::TamperTell>& tells) {
  std::vector<std::string> items;
  for (const auto& t : tells) {
    items.push_back(JsonObject()
                        .add("kind", writer::tell_kind_id(t.kind))
                        .add("path", t.path)
                        .add("detail", t.detail)
                        .str());
  }
  return json_array(items);
}

std::string optional_number(const std::optional<std::uint32_t>& v) {
  return v ? std::to_string(*v) : "null";
}

std::string wim_images_json(const std::vector<writer::wim::WimImage>& images) {
  std::vector<std::string> items;
  for (const auto& w : images) {
    std::vector<std::string> languages;
    for (const auto& l : w.languages) languages.push_back(json_string(l));
    JsonObject o;
    o.add("index", std::uint64_t{w.index})
        .add("name", w.name)
        .add("description", w.description)
        .add("edition", w.edition)
        .add("version", writer::wim::version_text(w))
        .add_raw("build", optional_number(w.build))
        .add_raw("sp_build", optional_number(w.sp_build))
        .add_raw("sp_level", optional_number(w.sp_level))
        .add_raw("languages", json_array(languages))
        .add_raw("created", w.created ? std::to_string(*w.created) : "null")
        .add_raw("modified", w.modified ? std::to_string(*w.modified) : "null");
    items.push_back(o.str());
  }
  return json_array(items);
}

std::string windows_json(const Inspection& r) {
  if (!r.windows) return "null";
  JsonObject o;
  o.add("bootmgr", r.windows->bootmgr)
      .add("install", r.windows->install)
      .add("install_bytes", r.windows->install_bytes)
      .add("arch", writer::windows_arch_name(r.windows->arch))
      .add("uefi", r.windows->uefi)
      .add("uefi_from_wim", r.windows->uefi_from_wim)
      .add("install_solid", r.windows->install_solid)
      .add("tamper_verdict", tamper_verdict(r))
      .add_raw("tamper_tells", tells_json(r.windows->tamper_tells))
      .add_raw("tamper_notes", tells_json(r.windows->tamper_notes))
      .add_raw("wim_images", wim_images_json(r.windows->wim_images));
  return o.str();
}

/// The raw-write verdict (judge_raw_write) in a word: "write", "warn" or "refuse". A Windows
/// installer is "refuse" here: written raw it would not boot (write builds it in Windows mode).
std::string_view raw_write_word(const Inspection& r) {
  auto verdict = writer::judge_raw_write(r);
  if (!verdict || verdict->risk != writer::RawRisk::kNone) return "refuse";
  return verdict->warnings.empty() ? "write" : "warn";
}

/// The least CPU needed, as a person reads it.
std::string_view cpu_text(writer::Cpu c) {
  switch (c) {
    case writer::Cpu::kI386:
      return "any x86 PC (32-bit is fine)";
    case writer::Cpu::kX86_64:
      return "a 64-bit (x86_64) PC";
    case writer::Cpu::kUnknown:
      break;
  }
  return "unknown";
}

std::string boot_line(const Inspection& r) {
  return fmt::format("Boots from USB: BIOS {}, UEFI x64 {}, UEFI ia32 {}; CPU needed: {}",
                     yes_no(r.boot.bios), yes_no(r.boot.uefi_x64), yes_no(r.boot.uefi_ia32),
                     cpu_text(r.boot.cpu));
}

}  // namespace

void add_tamper_json(JsonObject& o, const Inspection& r) {
  if (!r.windows) return;
  o.add("tamper_verdict", tamper_verdict(r))
      .add_raw("tamper_tells", tells_json(r.windows->tamper_tells));
}

std::string inspection_json(const Inspection& r) {
  JsonObject o;
  o.add("image", r.image).add("compression", writer::compression_name(r.compression));
  if (r.size) {
    o.add("size", *r.size);
  } else {
    o.add_raw("size", "null");
  }
  o.add("inspected_bytes", r.inspected_bytes)
      .add("kind", writer::image_kind_id(r.kind))
      .add("kind_text", writer::image_kind_text(r.kind))
      .add_raw("partition_table", table_json(r.table))
      .add_raw("partitions", partitions_json(r.table))
      .add_raw("iso9660", iso_json(r))
      .add_raw("el_torito", el_torito_json(r))
      .add("udf", r.udf)
      .add_raw("udf_volume_id", r.udf_volume_id ? json_string(*r.udf_volume_id) : "null");
  JsonObject boot;
  boot.add("bios", r.boot.bios)
      .add("uefi_x64", r.boot.uefi_x64)
      .add("uefi_ia32", r.boot.uefi_ia32)
      .add("cpu", writer::cpu_name(r.boot.cpu));
  o.add_raw("boot", boot.str())
      .add_raw("kernels", executables_json(r.kernels))
      .add_raw("efi_loaders", executables_json(r.efi_loaders))
      .add_raw("windows", windows_json(r))
      .add("raw_write", raw_write_word(r));
  std::vector<std::string> reasons;
  for (const auto& s : r.reasons) reasons.push_back(json_string(s));
  o.add_raw("reasons", json_array(reasons));
  return o.str();
}

std::vector<std::string> inspection_summary(const Inspection& r) {
  std::vector<std::string> out;
  out.push_back(fmt::format("Kind: {}", writer::image_kind_text(r.kind)));
  out.push_back(boot_line(r));
  if (r.iso && r.iso9660) {
    out.push_back(fmt::format("ISO 9660 volume '{}'{}{}{}", r.iso->volume_id,
                              r.iso->joliet ? ", Joliet" : "",
                              r.iso->rock_ridge ? ", Rock Ridge" : "", r.udf ? ", UDF" : ""));
  } else if (r.udf) {
    out.push_back(fmt::format("UDF volume '{}'", r.udf_volume_id.value_or("")));
  }
  if (r.table.type != writer::TableType::kNone) {
    out.push_back(fmt::format("Partition table: {}, {} partition(s){}",
                              writer::table_type_name(r.table.type), r.table.partitions.size(),
                              r.table.mbr && r.table.mbr->boot_code ? ", MBR boot code" : ""));
  }
  if (r.compression != writer::Compression::kNone) {
    out.push_back(fmt::format("Compressed: {}", writer::compression_name(r.compression)));
  }
  return out;
}

std::string tamper_verdict(const Inspection& r) {
  if (!r.windows) return "";
  const auto n = r.windows->tamper_tells.size();
  if (n == 0) {
    return "no tells found (this does not prove the ISO is genuine; only a digest from the "
           "publisher does)";
  }
  return fmt::format("doctored-looking: {} tell{}", n, n == 1 ? "" : "s");
}

std::vector<std::string> tamper_lines(const Inspection& r, std::size_t max_tells) {
  std::vector<std::string> out;
  if (!r.windows) return out;
  out.push_back("Tamper check: " + tamper_verdict(r));
  const auto& tells = r.windows->tamper_tells;
  for (std::size_t i = 0; i < tells.size() && i < max_tells; ++i) {
    out.push_back(fmt::format("  - {}: {}: {}", writer::tell_kind_text(tells[i].kind),
                              tells[i].path, tells[i].detail));
  }
  if (tells.size() > max_tells) {
    out.push_back(fmt::format("  ... and {} more", tells.size() - max_tells));
  }
  for (const auto& t : r.windows->tamper_notes) {
    out.push_back(
        fmt::format("  note: {}: {}: {}", writer::tell_kind_text(t.kind), t.path, t.detail));
  }
  return out;
}

std::vector<std::string> inspection_details(const Inspection& r) {
  auto out = inspection_summary(r);
  const auto tamper = tamper_lines(r, r.windows ? r.windows->tamper_tells.size() : 0);
  out.insert(out.end(), tamper.begin(), tamper.end());
  if (r.windows) {
    for (const auto& w : r.windows->wim_images) {
      out.push_back(fmt::format(
          "  install image {}: '{}', edition '{}', version {}{}", w.index,
          platform::display_safe(w.name), platform::display_safe(w.edition),
          writer::wim::version_text(w).empty() ? "unknown" : writer::wim::version_text(w),
          w.modified ? ", modified " + writer::utc_text(*w.modified) : ""));
    }
  }
  for (const auto& p : r.table.partitions) {
    out.push_back(fmt::format("  partition {}: {} {}, start {} size {}{}{}{}", p.number, p.type,
                              p.type_name, p.start, p.size, p.active ? ", active" : "",
                              p.filesystem.empty() ? "" : ", " + p.filesystem,
                              p.label.empty() ? "" : " '" + p.label + "'"));
  }
  if (r.iso) {
    for (const auto& e : r.iso->el_torito) {
      out.push_back(fmt::format("  El Torito: {} {}, emulation {}, image at sector {}",
                                writer::el_torito_platform_name(e.platform_id),
                                e.bootable ? "bootable" : "not bootable",
                                writer::el_torito_media_name(e.media), e.load_rba));
    }
  }
  for (const auto& k : r.kernels) {
    out.push_back(fmt::format("  kernel {} ({})", k.path, writer::arch_name(k.arch)));
  }
  out.push_back("Why:");
  for (const auto& s : r.reasons) out.push_back("  - " + s);
  return out;
}

}  // namespace sw::tui
