#pragma once
// A changed track as the rules see it (RuleContext::changed): the quantities most rules need,
// computed once per step, on the tracker's thread with the step's TrackDelta.

#include "core/track.hpp"
#include "core/types.hpp"

namespace picket::cueing {

/// A track with the quantities most rules need, computed once per step.
struct TrackView {
  const core::Track* track = nullptr;
  core::GeoPoint position;          ///< geodetic; surface tracks at height 0
  core::Vec2 velocity_en = core::Vec2::Zero();  ///< east, north; m/s
  double speed_mps = 0.0;
  /// 1-sigma of the speed along the velocity (the worst horizontal axis below 0.1 m/s), from
  /// the track's velocity covariance; viewOf() computes it with the position.
  double speed_sigma_mps = 0.0;
};

/// A track as the rules see it: geodetic position, east/north velocity, speed and the speed's
/// 1-sigma (along the velocity from its covariance; the larger horizontal axis when the track
/// is nearly stopped), from one geodetic conversion.
TrackView viewOf(const core::Track& track);

/// Whether the rules read a changed track. A tentative track with no identity may be clutter,
/// and no rule reads one (README: only confirmed tracks' updates count; the identity rules
/// need an MMSI). Most of a busy theatre's changes are such births: they get no view.
inline bool rulesRead(const core::Track& track) {
  return track.status != core::TrackStatus::Tentative || track.identity.mmsi != 0;
}

}  // namespace picket::cueing
