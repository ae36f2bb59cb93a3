# All third-party packages come from Debian 12 (scripts/install-deps.sh installs them).
find_package(Eigen3 3.4 REQUIRED NO_MODULE)
find_package(Protobuf REQUIRED)
find_package(cppzmq REQUIRED)
find_package(yaml-cpp REQUIRED)
find_package(Boost 1.74 REQUIRED)
find_package(Threads REQUIRED)

# Debian ships GeographicLib's find module outside CMake's default module path.
list(APPEND CMAKE_MODULE_PATH /usr/share/cmake/geographiclib)
find_package(GeographicLib REQUIRED)
if(NOT TARGET GeographicLib::GeographicLib)
  add_library(GeographicLib::GeographicLib INTERFACE IMPORTED)
  target_include_directories(GeographicLib::GeographicLib INTERFACE ${GeographicLib_INCLUDE_DIRS})
  target_link_libraries(GeographicLib::GeographicLib INTERFACE ${GeographicLib_LIBRARIES})
endif()

if(PICKET_BUILD_TESTS)
  find_package(GTest REQUIRED)
  # Tests only: parses the Cursor-on-Target XML that cot-bridge writes (pugixml::pugixml).
  find_package(pugixml REQUIRED)
endif()
if(PICKET_BUILD_BENCH)
  find_package(benchmark REQUIRED)
endif()
if(PICKET_TCMALLOC)
  # libgoogle-perftools-dev: the allocator only (no profiler, no heap checker).
  find_library(PICKET_TCMALLOC_LIBRARY NAMES tcmalloc_minimal REQUIRED)
endif()
