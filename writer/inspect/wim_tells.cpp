#include "writer/inspect/wim_tells.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "platform/calendar.h"
#include "platform/display_text.h"
#include "writer/inspect/image_bytes.h"

namespace sw::writer {
namespace {

// The words of modified builds, the one list: names such builds give themselves ("Windows 10
// Pro Lite", "Tiny11", "Ghost Spectre", "Pre-activated"). Whole words only, so "Ultimate"
// matches nothing. "LTSC", "N" and "Single Language" are Microsoft's own editions, not here.
constexpr std::array<std::string_view, 12> kModifiedWords = {
    "lite",         "superlite", "mod",     "modded", "tweaked", "debloated",
    "preactivated", "activated", "updated", "ghost",  "tiny10",  "tiny11"};

std::string safe(std::string_view s) { return platform::display_safe(s); }

/// "image 2 'Windows 10 Pro'".
std::string image_words(const wim::WimImage& w) {
  return fmt::format("image {} '{}'", w.index, safe(w.name));
}

void name_tells(const wim::WimImage& w, const std::string& path, std::vector<TamperTell>& out) {
  for (const auto& [field, text] : {std::pair<const char*, const std::string*>{"name", &w.name},
                                    {"description", &w.description},
                                    {"display name", &w.display_name}}) {
    if (auto word = modified_build_word(*text)) {
      out.push_back({TellKind::kWimImageName, path,
                     fmt::format("{}: its {} '{}' says \"{}\", as modified builds do",
                                 image_words(w), field, safe(*text), *word)});
      return;
    }
  }
}

}  // namespace

std::optional<std::string> modified_build_word(std::string_view text) {
  const std::string t = lower_ascii(text);
  std::vector<std::string> words;
  std::string cur;
  for (char c : t) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      cur += c;
    } else if (!cur.empty()) {
      words.push_back(std::move(cur));
      cur.clear();
    }
  }
  if (!cur.empty()) words.push_back(std::move(cur));
  for (std::size_t i = 0; i < words.size(); ++i) {
    // "pre-activated" and "pre activated" as one word.
    if (words[i] == "pre" && i + 1 < words.size() && words[i + 1] == "activated") {
      return "pre-activated";
    }
    if (std::find(kModifiedWords.begin(), kModifiedWords.end(), words[i]) != kModifiedWords.end()) {
      return words[i];
    }
  }
  return std::nullopt;
}

std::string ei_cfg_edition(std::string_view text) {
  bool in_section = false;
  while (!text.empty()) {
    const auto nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
    while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
    if (line.empty()) continue;
    if (line.front() == '[') {
      if (in_section) return "";
      in_section = lower_ascii(line) == "[editionid]";
      continue;
    }
    if (in_section) return std::string(line);
  }
  return "";
}

std::string utc_text(std::int64_t unix_seconds) {
  const auto t = platform::utc_time(unix_seconds);
  if (!t) return fmt::format("{} s after 1970", unix_seconds);
  return fmt::format("{:04}-{:02}-{:02} {:02}:{:02} UTC", t->year, t->month, t->day, t->hour,
                     t->minute);
}

std::vector<TamperTell> wim_tells(const std::vector<wim::WimImage>& images, const std::string& wim,
                                  std::optional<std::int64_t> iso_created,
                                  const std::optional<EditionList>& editions) {
  std::vector<TamperTell> out;
  const std::string path = safe(wim);
  for (const auto& w : images) {
    name_tells(w, path, out);
    if (iso_created && w.modified && *w.modified > *iso_created + kWimTimeSlackSeconds) {
      out.push_back({TellKind::kWimModifiedAfterIso, path,
                     fmt::format("{} was last modified {}, after the ISO was made ({})",
                                 image_words(w), utc_text(*w.modified), utc_text(*iso_created))});
    }
  }
  for (std::size_t i = 0; i < images.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (images[i].name.empty() || lower_ascii(images[i].name) != lower_ascii(images[j].name))
        continue;
      out.push_back({TellKind::kWimDuplicateName, path,
                     fmt::format("{} has the same name as image {}: a release names each "
                                 "edition once",
                                 image_words(images[i]), images[j].index)});
      break;
    }
  }
  if (!editions || editions->edition.empty()) return out;
  std::vector<std::string> known;
  for (const auto& w : images) {
    if (!w.edition.empty()) known.push_back(safe(w.edition));
  }
  const auto wanted = lower_ascii(editions->edition);
  const bool found = std::any_of(images.begin(), images.end(), [&](const wim::WimImage& w) {
    return lower_ascii(w.edition) == wanted;
  });
  if (!known.empty() && !found) {
    out.push_back({TellKind::kWimEditionMismatch, safe(editions->path),
                   fmt::format("selects the edition '{}', which no image of {} has (it has: {})",
                               safe(editions->edition), path, fmt::join(known, ", "))});
  }
  return out;
}

}  // namespace sw::writer
