#include "association/spatial_index.hpp"

// Implementation pending.
