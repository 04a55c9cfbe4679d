# ctest smoke test of the benchmark harness (issue #8): generate a 1000-node graph, load it into
# caspian and SQLite, run W1-W8 once on every system with 100 sampled keys (quick under ASan
# too); fails when a check value differs or a run fails.
# cmake -DGEN=caspian-gen -DBENCH=caspian-bench -DDIR=scratch -P smoke.cmake
file(REMOVE_RECURSE ${DIR})
execute_process(COMMAND ${GEN} --scale 1000 --seed 8 --out ${DIR}/csv RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "caspian-gen failed: ${rc}")
endif()
execute_process(COMMAND ${BENCH} --data ${DIR}/csv --work ${DIR}/work --repeat 1 --sample 100
                        --timeout 120 --strict
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "caspian-bench failed (${rc}): the systems disagree or a run failed")
endif()
file(REMOVE_RECURSE ${DIR})
