#pragma once
/// What the process runs as and where it talks: the root check and the terminal test.



namespace sw::platform {

/// True when the process runs as root (effective user id 0).
bool running_as_root();

/// True when the file descriptor is a terminal.
bool is_terminal(int fd);

}  // namespace sw::platform
