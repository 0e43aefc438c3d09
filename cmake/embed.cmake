# Writes every file matching GLOB in DIR into OUT as a C++ initializer list
# of {file name, contents} pairs, each a raw string delimited by TAG: the
# built-in profiles (checks/) and the checks' pages (tool/, for SARIF).
file(GLOB files ${DIR}/${GLOB})
list(SORT files)
set(body "")
foreach(f ${files})
  get_filename_component(name ${f} NAME)
  file(READ ${f} text)
  string(APPEND body "{\"${name}\", R\"${TAG}(${text})${TAG}\"},\n")
endforeach()
file(WRITE ${OUT}.tmp "${body}")
execute_process(COMMAND ${CMAKE_COMMAND} -E copy_if_different ${OUT}.tmp ${OUT})
