#pragma once
/// The terminal UI's station mode (the key t on the drive screen): its keys and events as pure
/// functions of the state, and its screen. The runner (app_runner.cpp) runs writer::run_station
/// and turns its events into StationNews.

#include "tui/screen/app_state.h"
#include "tui/screen/frame.h"

namespace sw::tui {

/// The word typed to accept the station's rules.
inline constexpr const char* kStationWord = "station";

/// Enters station mode from the drive screen: its rules, and the confirmation.
void open_station(AppState& s);
/// A key in station mode.
ActionKind key_station(AppState& s, int key);
/// Hash progress of the station's one hash pass.
void on_station_hash_progress(AppState& s, const writer::ProgressEvent& ev);
/// The hash pass ended: `refusal` says why no stick may be written (in the screen's words);
/// none: the station watches.
void on_station_hashed(AppState& s, const std::optional<std::string>& refusal);
/// Something happened at the station.
void on_station_news(AppState& s, StationNews news);
/// The station stopped (every stick it wrote is finished).
void on_station_stopped(AppState& s, bool sticks_stopped);

namespace view {
/// The station screen's body.
void body_station(const AppState& s, Frame& f);
/// The station screen's keys.
std::string station_keys(const AppState& s);
}  // namespace view

}  // namespace sw::tui
