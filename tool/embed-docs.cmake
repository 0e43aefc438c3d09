# Writes every docs/checks/*.md in DIR into OUT as a C++ initializer list of
# {file name, contents} pairs: the SARIF rules' help.markdown.
file(GLOB files ${DIR}/*.md)
list(SORT files)
set(body "")
foreach(f ${files})
  get_filename_component(name ${f} NAME)
  file(READ ${f} text)
  string(APPEND body "{\"${name}\", R\"corolint-doc(${text})corolint-doc\"},\n")
endforeach()
file(WRITE ${OUT}.tmp "${body}")
execute_process(COMMAND ${CMAKE_COMMAND} -E copy_if_different ${OUT}.tmp ${OUT})
