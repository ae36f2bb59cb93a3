#include "geo/tangent_plane.hpp"

// Implementation pending.
