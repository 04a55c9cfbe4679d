# Value semantics and the function library of query/functions/ (included from tests/query/CMakeLists.txt).
caspian_test(query_eval_test
    SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/value_ops_test.cpp ${CMAKE_CURRENT_SOURCE_DIR}/functions_test.cpp
    LIBS caspian_query)
