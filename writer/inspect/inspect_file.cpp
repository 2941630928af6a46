#include "writer/inspect/inspect.h"
#include "writer/source.h"

namespace sw::writer {

Result<Inspection> inspect_image(const std::string& path) {
  auto file = open_image_file(path);
  if (!file) return file.failure();
  const FileImageBytes bytes(std::move(file->fd), file->size, file->size);
  Inspection r = inspect_bytes(bytes);
  r.image = path;
  return r;
}

}  // namespace sw::writer
