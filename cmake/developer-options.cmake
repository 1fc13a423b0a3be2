# One switch each, as in fmt's and simdjson's builds.
option(KPIFLOW_WERROR "Treat compiler warnings as errors (CI turns this on)" OFF)
option(KPIFLOW_SANITIZE "Build everything with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
option(KPIFLOW_FUZZ "Build the libFuzzer targets in fuzz/ (configure with CXX=clang++)" OFF)

# Warnings apply to our own targets only, never to the libraries we use.
set(KPIFLOW_WARNINGS -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion)
if(KPIFLOW_WERROR)
  list(APPEND KPIFLOW_WARNINGS -Werror)
endif()

function(kpiflow_target_options target)
  target_compile_options(${target} PRIVATE ${KPIFLOW_WARNINGS})
endfunction()

if(KPIFLOW_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()

if(KPIFLOW_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "KPIFLOW_FUZZ needs clang: configure with CC=clang CXX=clang++")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()
