// The Cypher statements of caspian-bench's workloads, in caspian's text and in Kùzu's dialect
// side by side (issue #20): caspian-bench runs the first and hands the second to Kùzu's driver
// (bench/kuzu/run.mjs) through --print-workloads, so the two cannot drift apart.
#pragma once

#include <string_view>

namespace caspian::bench {

struct Statement {
    const char* caspian;
    const char* kuzu;  // the same meaning in Kùzu 0.11's Cypher
};

inline constexpr Statement w2_lookup{"MATCH (n {key: $key}) RETURN n.name",
                                     "MATCH (n {key: $key}) RETURN n.name"};
inline constexpr Statement w3_degree{"MATCH (n {key: $key})--() RETURN count(*)",
                                     "MATCH (n {key: $key})--() RETURN count(*)"};
inline constexpr Statement w4_two_hops{
    "MATCH (n {key: $key})-[*1..2]-(m) WHERE m <> n RETURN count(DISTINCT m)",
    "MATCH (n {key: $key})-[*1..2]-(m) WHERE m <> n RETURN count(DISTINCT m)"};
inline constexpr Statement w5_join{
    "MATCH (p:Person)-[v:VISITED]->(c:Country)-[:HOSTS]->(e:Exhibition) "
    "WHERE v.year = e.year RETURN count(DISTINCT p)",
    "MATCH (p:Person)-[v:VISITED]->(c:Country)-[:HOSTS]->(e:Exhibition) "
    "WHERE v.year = e.year RETURN count(DISTINCT p)"};
inline constexpr Statement w5b_semi_join{
    "MATCH (c:Country)-[:HOSTS]->(e:Exhibition) WITH c, collect(DISTINCT e.year) AS years "
    "MATCH (p:Person)-[v:VISITED]->(c) WHERE v.year IN years RETURN count(DISTINCT p)",
    "MATCH (c:Country)-[:HOSTS]->(e:Exhibition) WITH c, collect(DISTINCT e.year) AS years "
    "MATCH (p:Person)-[v:VISITED]->(c) WHERE v.year IN years RETURN count(DISTINCT p)"};
// Kùzu has no type(): label(r) names a relationship's table, which is its type here.
inline constexpr Statement w6_types{"MATCH ()-[r]->() RETURN type(r) AS t, count(*) AS c",
                                    "MATCH ()-[r]->() RETURN label(r) AS t, count(*) AS c"};
inline constexpr Statement w6_top{
    "MATCH (n)--() RETURN n.key AS k, count(*) AS d ORDER BY d DESC, k LIMIT 10",
    "MATCH (n)--() RETURN n.key AS k, count(*) AS d ORDER BY d DESC, k LIMIT 10"};
// Kùzu has no shortestPath(): its shortest-path form is the relationship `[* SHORTEST 1..k]`.
// No path within 6 edges gives no row in both (a check value of 0 for the pair).
inline constexpr int w7_max_hops = 6;
inline constexpr Statement w7_shortest{
    "MATCH p = shortestPath((a {key: $a})-[*..6]-(b {key: $b})) RETURN length(p)",
    "MATCH p = (a {key: $a})-[* SHORTEST 1..6]-(b {key: $b}) RETURN length(p)"};
static_assert(std::string_view(w7_shortest.caspian).find("[*..6]") != std::string_view::npos &&
              std::string_view(w7_shortest.kuzu).find("1..6]") != std::string_view::npos &&
              w7_max_hops == 6);  // the raw and SQLite columns search to w7_max_hops
inline constexpr Statement w8_scan{
    "MATCH (n) WHERE n.score > 0.9 AND n.born >= date('1980-01-01') "
    "RETURN count(*), sum(n.followers)",
    "MATCH (n) WHERE n.score > 0.9 AND n.born >= date('1980-01-01') "
    "RETURN count(*), sum(n.followers)"};

}  // namespace caspian::bench
