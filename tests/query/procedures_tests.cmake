# Tests of CALL and the procedures of query/procedures/ (included from tests/query/CMakeLists.txt).
caspian_test(query_procedures_test SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/procedures_test.cpp LIBS caspian)
