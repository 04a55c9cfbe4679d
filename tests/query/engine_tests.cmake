# The query engine's tests (included from tests/query/CMakeLists.txt). The planner test links
# only caspian_query; the executor and scenario tests go through the public API. Query semantics
# are scenarios (tests/query/cases/); executor_test keeps what a scenario cannot express.
caspian_test(query_planner_test SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/planner_test.cpp
    LIBS caspian_query)
caspian_test(query_executor_test SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/executor_test.cpp
    LIBS caspian)
# One test per `### case` of tests/query/cases/<area>/*.test (the format: scenario_test.cpp).
caspian_test(query_scenario_test SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/scenario_test.cpp
    LIBS caspian)
target_compile_definitions(query_scenario_test PRIVATE
    CASPIAN_CASES_DIR="${CMAKE_CURRENT_SOURCE_DIR}/cases")
# A changed or added case file relinks the runner, which rediscovers the cases.
file(GLOB_RECURSE caspian_query_cases CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/cases/*.test)
set_property(TARGET query_scenario_test APPEND PROPERTY LINK_DEPENDS ${caspian_query_cases})
caspian_test(query_constraints_test SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/constraints_test.cpp
    LIBS caspian)
caspian_test(query_hash_join_test SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/hash_join_test.cpp
    LIBS caspian)
caspian_test(query_pruning_expand_test SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/pruning_expand_test.cpp
    LIBS caspian)
caspian_test(query_count_rewrite_test SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/count_rewrite_test.cpp
    LIBS caspian)
caspian_test(query_scan_filter_test SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/scan_filter_test.cpp
    LIBS caspian)
caspian_test(query_aggregate_test SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/aggregate_test.cpp
    LIBS caspian caspian_query)
