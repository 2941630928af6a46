#pragma once
// Trees of StickNode for the Windows layout tests, shaped as read_udf_tree gives them.

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "writer/windows/stick_layout.h"

namespace sw::test {

inline writer::StickNode file(std::string name, std::uint64_t size) {
  writer::StickNode n;
  n.name = std::move(name);
  n.size = size;
  return n;
}

inline writer::StickNode dir(std::string name, std::vector<writer::StickNode> children) {
  writer::StickNode n;
  n.name = std::move(name);
  n.is_dir = true;
  n.children = std::move(children);
  return n;
}

/// Fills in the UDF paths ("/sources/install.wim"), as read_udf_tree does.
inline writer::StickNode with_paths(writer::StickNode root) {
  std::function<void(writer::StickNode&, const std::string&)> paths =
      [&paths](writer::StickNode& n, const std::string& p) {
        n.path = p;
        for (auto& c : n.children) paths(c, p + "/" + c.name);
      };
  paths(root, "");
  return root;
}

}  // namespace sw::test
