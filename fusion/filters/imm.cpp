#include "filters/imm.hpp"

// Implementation pending.
