# Sets LIBDETECT_GIT_REVISION to the source tree's commit (with "-dirty" when
# the tree has changes), or "unknown" outside a git checkout. Reports carry it
# so a result can be traced to the exact code that produced it.
set(LIBDETECT_GIT_REVISION "unknown")
find_package(Git QUIET)
if(GIT_FOUND AND EXISTS "${CMAKE_CURRENT_SOURCE_DIR}/.git")
  execute_process(COMMAND "${GIT_EXECUTABLE}" describe --always --dirty --abbrev=12
                  WORKING_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}"
                  OUTPUT_VARIABLE _revision OUTPUT_STRIP_TRAILING_WHITESPACE
                  RESULT_VARIABLE _result ERROR_QUIET)
  if(_result EQUAL 0 AND _revision)
    set(LIBDETECT_GIT_REVISION "${_revision}")
  endif()
endif()
