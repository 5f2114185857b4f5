# Installs libdetect into a fresh prefix, builds tests/consumer/project against
# it with find_package(libdetect), and runs the result on an example image.
# Variables: BUILD_DIR, SOURCE_DIR, WORK_DIR, GENERATOR, IMAGE, EXPECTED_SHA256.
file(REMOVE_RECURSE "${WORK_DIR}")
function(step)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE result OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "step failed: ${ARGN}\n${out}\n${err}")
  endif()
  set(step_output "${out}" PARENT_SCOPE)
endfunction()

step(${CMAKE_COMMAND} --install "${BUILD_DIR}" --prefix "${WORK_DIR}/prefix")
# Every file models/manifest.json lists is installed (the library looks for
# them only beside itself: no source-tree fallback).
file(READ "${SOURCE_DIR}/models/manifest.json" manifest)
string(JSON count LENGTH "${manifest}" models)
math(EXPR last "${count} - 1")
foreach(i RANGE ${last})
  string(JSON model_file GET "${manifest}" models ${i} file)
  if(NOT EXISTS "${WORK_DIR}/prefix/share/libdetect/models/${model_file}")
    message(FATAL_ERROR "the install lacks models/${model_file}, listed in models/manifest.json")
  endif()
endforeach()
step(${CMAKE_COMMAND} -S "${SOURCE_DIR}/tests/consumer/project" -B "${WORK_DIR}/build"
     -G "${GENERATOR}" "-DCMAKE_PREFIX_PATH=${WORK_DIR}/prefix")
step(${CMAKE_COMMAND} --build "${WORK_DIR}/build")
step("${WORK_DIR}/build/consumer" "${IMAGE}")
foreach(expected "${EXPECTED_SHA256}" "analyzer ela" "verdict inconclusive")
  string(FIND "${step_output}" "${expected}" found)
  if(found EQUAL -1)
    message(FATAL_ERROR "consumer output lacks '${expected}':\n${step_output}")
  endif()
endforeach()
message(STATUS "consumer built against the installed package and ran:\n${step_output}")
