#include "writer/inspect/file_tree.h"

#include <fmt/format.h>

namespace sw::writer {
namespace {

class UdfTree final : public FileTree {
 public:
  explicit UdfTree(const UdfVolume& udf) : m_udf(udf) {}
  Result<std::vector<TreeEntry>> list(const std::string& dir,
                                      std::size_t max_entries) const override {
    auto entries = m_udf.list(dir, max_entries);
    if (!entries) return fail(entries.error());
    std::vector<TreeEntry> out;
    for (auto& e : *entries) out.push_back({std::move(e.name), e.size, e.is_dir});
    return out;
  }
  Result<void> read_at(const std::string& path, std::uint64_t offset,
                       std::span<std::byte> buf) const override {
    auto file = m_udf.open_file(path);
    if (!file) return fail(file.error());
    return (*file)->read_at(offset, buf);
  }

 private:
  const UdfVolume& m_udf;
};

class IsoTree final : public FileTree {
 public:
  IsoTree(const ImageBytes& image, const IsoInfo& iso) : m_image(image), m_iso(iso) {}
  Result<std::vector<TreeEntry>> list(const std::string& dir,
                                      std::size_t max_entries) const override {
    std::vector<TreeEntry> out;
    for (const auto& f : list_iso_dir(m_image, m_iso, dir, max_entries)) {
      const auto slash = f.path.rfind('/');
      out.push_back({f.path.substr(slash + 1), f.size, f.is_dir});
    }
    return out;
  }
  Result<void> read_at(const std::string& path, std::uint64_t offset,
                       std::span<std::byte> buf) const override {
    const auto f = find_iso_file(m_image, m_iso, path);
    if (!f || f->is_dir) {
      return fail(ErrorKind::kInput, fmt::format("{} is not a file of the ISO 9660 tree", path));
    }
    if (offset > f->size || buf.size() > f->size - offset) {
      return fail(ErrorKind::kInput,
                  fmt::format("{} has {} bytes, fewer than asked for", path, f->size));
    }
    return m_image.read_at(f->offset + offset, buf);
  }

 private:
  const ImageBytes& m_image;
  const IsoInfo& m_iso;
};

}  // namespace

Result<std::vector<std::byte>> FileTree::read(const std::string& path, std::uint64_t offset,
                                              std::size_t length) const {
  std::vector<std::byte> out(length);
  if (auto r = read_at(path, offset, out); !r) return fail(r.error());
  return out;
}

std::unique_ptr<FileTree> udf_file_tree(const UdfVolume& udf) {
  return std::make_unique<UdfTree>(udf);
}

std::unique_ptr<FileTree> iso_file_tree(const ImageBytes& image, const IsoInfo& iso) {
  return std::make_unique<IsoTree>(image, iso);
}

}  // namespace sw::writer
