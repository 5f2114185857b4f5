# Installs libdetect into a fresh prefix, builds tests/consumer/project against
# it with find_package(libdetect), and runs the result on an example image.
# Then moves the installed tree elsewhere and, from a folder and HOME that are
# neither the source nor the build tree, scans every example image with every
# analyzer using only the moved tree; no installed binary may contain the
# source or build folder's path.
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

# Relocated: copy the tree, remove the original, run from elsewhere.
set(moved "${WORK_DIR}/moved/usr")
file(COPY "${WORK_DIR}/prefix/" DESTINATION "${moved}")
file(REMOVE_RECURSE "${WORK_DIR}/prefix" "${WORK_DIR}/build")
file(MAKE_DIRECTORY "${WORK_DIR}/elsewhere")
file(GLOB_RECURSE binaries "${moved}/lib/libdetect.so*" "${moved}/bin/*")
foreach(binary ${binaries})
  if(IS_SYMLINK "${binary}")
    continue()
  endif()
  foreach(folder "${SOURCE_DIR}" "${BUILD_DIR}")
    file(STRINGS "${binary}" leaked REGEX "${folder}")
    if(leaked)
      list(GET leaked 0 first)
      message(FATAL_ERROR "${binary} contains the path ${folder}: ${first}")
    endif()
  endforeach()
endforeach()
file(GLOB images "${SOURCE_DIR}/examples/images/*")
list(LENGTH images image_count)
foreach(image ${images})
  get_filename_component(name "${image}" NAME)
  file(COPY "${image}" DESTINATION "${WORK_DIR}/elsewhere/images")
endforeach()
execute_process(
  COMMAND ${CMAKE_COMMAND} -E env --unset=LIBDETECT_MODEL_DIR "HOME=${WORK_DIR}/elsewhere"
          "${moved}/bin/libdetect" scan images --format jsonl --in-process
  WORKING_DIRECTORY "${WORK_DIR}/elsewhere"
  RESULT_VARIABLE result OUTPUT_VARIABLE records ERROR_VARIABLE err)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "the moved install could not scan the example images (exit ${result}):\n${err}\n${records}")
endif()
execute_process(COMMAND "${moved}/bin/libdetect" models
                WORKING_DIRECTORY "${WORK_DIR}/elsewhere" RESULT_VARIABLE result OUTPUT_VARIABLE models)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "libdetect models: the moved install's models do not match its manifest:\n${models}")
endif()
string(REGEX MATCHALL "\"schema\":\"libdetect.report/1\"" reports "${records}")
list(LENGTH reports report_count)
string(FIND "${records}" "\"error\":" analyzer_error)
if(NOT report_count EQUAL image_count OR NOT analyzer_error EQUAL -1)
  message(FATAL_ERROR "expected ${image_count} reports and no error from the moved install:\n${records}")
endif()
message(STATUS "the moved install scanned ${report_count} images with every analyzer")
