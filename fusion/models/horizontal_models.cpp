#include "models/horizontal_models.hpp"

// Implementation pending.
