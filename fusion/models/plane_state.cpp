#include "models/plane_state.hpp"

// Implementation pending.
