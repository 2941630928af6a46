#pragma once
/// An image file as the inspector sees it: raw images are read where they lie, compressed ones
/// through their first decompressed window (writer/inspect only reads bytes it is given).

#include <string>

#include "platform/result.h"
#include "writer/inspect/inspect.h"

namespace sw::writer {

/// Opens and inspects an image file; fails only when the file cannot be opened or is empty.
Result<Inspection> inspect_image(const std::string& path);

}  // namespace sw::writer
