#include "writer/inspect/unattend.h"

#include <fmt/format.h>

#include <algorithm>
#include <pugixml.hpp>

#include "writer/inspect/image_bytes.h"

namespace sw::writer {
namespace {

/// At most this many commands and accounts are kept: a real answer file has a handful.
constexpr std::size_t kMaxItems = 200;

/// An element's name without its namespace prefix ("wcm:action" -> "action").
std::string_view local_name(const pugi::xml_node& n) {
  std::string_view s = n.name();
  const auto colon = s.find(':');
  return colon == std::string_view::npos ? s : s.substr(colon + 1);
}

/// The first child element whose local name is `name`.
pugi::xml_node child(const pugi::xml_node& n, std::string_view name) {
  for (const auto& c : n.children()) {
    if (c.type() == pugi::node_element && local_name(c) == name) return c;
  }
  return {};
}

std::string child_text(const pugi::xml_node& n, std::string_view name) {
  return child(n, name).text().as_string();
}

/// The configuration pass of the `settings` element holding `n`.
std::string pass_of(pugi::xml_node n) {
  for (; n; n = n.parent()) {
    if (local_name(n) == "settings") return n.attribute("pass").as_string();
  }
  return "";
}

bool has(const std::string& lower, std::string_view word) {
  return lower.find(word) != std::string::npos;
}

/// The protections a command line turns off, judged by the words it uses.
void judge_command(const std::string& command, std::vector<Disabled>& out) {
  const std::string c = lower_ascii(command);
  const std::string evidence = "command: " + command;
  if (has(c, "set-mppreference") || has(c, "disablerealtimemonitoring") ||
      has(c, "disableantispyware") || has(c, "windefend")) {
    out.push_back({Protection::kDefender, evidence});
  }
  if (has(c, "enablelua") || has(c, "consentpromptbehavioradmin")) {
    out.push_back({Protection::kUac, evidence});
  }
  if ((has(c, "wuauserv") && (has(c, "stop") || has(c, "disabled") || has(c, "delete"))) ||
      has(c, "noautoupdate") || has(c, "waasmedicsvc")) {
    out.push_back({Protection::kUpdates, evidence});
  }
  if ((has(c, "advfirewall") && has(c, "off")) || (has(c, "opmode") && has(c, "disable")) ||
      (has(c, "mpssvc") && (has(c, "stop") || has(c, "disabled"))) || has(c, "enablefirewall")) {
    out.push_back({Protection::kFirewall, evidence});
  }
}

/// The protections a setting turns off.
void judge_setting(std::string_view name, const std::string& value, std::vector<Disabled>& out) {
  const std::string v = lower_ascii(value);
  const std::string evidence = fmt::format("{} {}", name, value);
  if ((name == "DisableAntiSpyware" || name == "DisableRealtimeMonitoring") &&
      (v == "true" || v == "1")) {
    out.push_back({Protection::kDefender, evidence});
  } else if (name == "EnableLUA" && (v == "false" || v == "0")) {
    out.push_back({Protection::kUac, evidence});
  } else if (name == "ProtectYourPC" && v == "3") {
    out.push_back({Protection::kUpdates, evidence});
  } else if (name.ends_with("EnableFirewall") && (v == "false" || v == "0")) {
    out.push_back({Protection::kFirewall, evidence});
  }
}

void add_command(Unattend& u, const pugi::xml_node& n, std::string_view element,
                 std::string_view text_child) {
  if (u.commands.size() >= kMaxItems) return;
  UnattendCommand c{pass_of(n), std::string(element), child_text(n, text_child)};
  judge_command(c.command, u.disabled);
  u.commands.push_back(std::move(c));
}

void add_account(Unattend& u, std::string name, std::string how) {
  if (u.accounts.size() < kMaxItems) u.accounts.push_back({std::move(name), std::move(how)});
}

/// Looks at one element: a command, an account, or a setting that turns a protection off.
void visit(Unattend& u, const pugi::xml_node& n) {
  const auto name = local_name(n);
  const auto parent = local_name(n.parent());
  if (name == "RunSynchronousCommand" || name == "RunAsynchronousCommand") {
    add_command(u, n, parent, "Path");
  } else if (name == "SynchronousCommand" || name == "AsynchronousCommand") {
    add_command(u, n, parent, "CommandLine");
  } else if (name == "LocalAccount") {
    const auto group = child_text(n, "Group");
    add_account(u, child_text(n, "Name"),
                group.empty() ? "local account" : fmt::format("local account in {}", group));
  } else if (name == "AutoLogon") {
    add_account(u, child_text(n, "Username"), "automatic logon");
  } else if (name == "AdministratorPassword") {
    add_account(u, "Administrator", "administrator password set");
  } else if (!n.first_child() || n.first_child().type() == pugi::node_pcdata) {
    judge_setting(name, n.text().as_string(), u.disabled);
  }
}

/// Drops repeated findings (a command that both stops and disables a service).
void dedupe(std::vector<Disabled>& v) {
  std::vector<Disabled> out;
  for (auto& d : v) {
    const bool seen = std::any_of(out.begin(), out.end(), [&](const Disabled& o) {
      return o.what == d.what && o.evidence == d.evidence;
    });
    if (!seen) out.push_back(std::move(d));
  }
  v = std::move(out);
}

}  // namespace

std::string_view protection_text(Protection p) {
  switch (p) {
    case Protection::kDefender:
      return "Windows Defender";
    case Protection::kUac:
      return "UAC";
    case Protection::kUpdates:
      return "automatic updates";
    case Protection::kFirewall:
      break;
  }
  return "the firewall";
}

Result<Unattend> read_unattend(std::span<const std::byte> xml) {
  if (xml.size() > kMaxUnattendBytes) {
    return fail(ErrorKind::kInput, fmt::format("it is {} bytes, over the {} KiB read", xml.size(),
                                               kMaxUnattendBytes >> 10));
  }
  pugi::xml_document doc;
  // No DOCTYPE processing and no external entities: pugixml expands only the five predefined
  // entities and character references. Its parser is not recursive, and the walk below is not
  // either, so a deeply nested file cannot exhaust the stack.
  const auto parsed =
      doc.load_buffer(xml.data(), xml.size(), pugi::parse_default, pugi::encoding_auto);
  if (!parsed) {
    return fail(ErrorKind::kInput, fmt::format("it is not well-formed XML: {} at byte {}",
                                               parsed.description(), parsed.offset));
  }
  const auto root = doc.document_element();
  if (local_name(root) != "unattend") {
    return fail(ErrorKind::kInput,
                fmt::format("its root element is '{}', not 'unattend'", root.name()));
  }
  Unattend u;
  // Depth-first, iteratively: down to the first child, else to the next sibling, else up.
  for (pugi::xml_node n = root; n;) {
    if (n.type() == pugi::node_element) visit(u, n);
    if (n.first_child()) {
      n = n.first_child();
      continue;
    }
    while (n && n != root && !n.next_sibling()) n = n.parent();
    if (!n || n == root) break;
    n = n.next_sibling();
  }
  dedupe(u.disabled);
  return u;
}

}  // namespace sw::writer
