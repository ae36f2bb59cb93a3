#include "filters/fixed_kalman.hpp"

// Implementation pending.
