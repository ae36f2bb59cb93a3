# One INTERFACE target carries the project's warnings and floating-point rules; every target of
# ours links it PRIVATE. -ffp-contract=off keeps results identical across builds (STYLE.md 5).
add_library(picket_options INTERFACE)
add_library(picket::options ALIAS picket_options)
target_compile_options(picket_options INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wnon-virtual-dtor
  -ffp-contract=off)
if(PICKET_WERROR)
  target_compile_options(picket_options INTERFACE -Werror)
endif()

# Generated protobuf code is not ours: it gets the fp rule but not our warnings.
add_library(picket_generated_options INTERFACE)
target_compile_options(picket_generated_options INTERFACE -ffp-contract=off)
