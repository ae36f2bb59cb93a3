#include "models/plane_measurements.hpp"

// Implementation pending.
