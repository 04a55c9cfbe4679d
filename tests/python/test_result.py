# caspian.Result: fetching, dicts, the summary, and the pandas and networkx conversions of
# large results.
import pytest

import caspian


def test_fetch_methods(db):
    result = db.execute("UNWIND range(1, 10) AS i RETURN i, toString(i) AS s")
    assert result.columns == ["i", "s"]
    assert result.fetchone() == (1, "1")
    assert result.fetchmany(2) == [(2, "2"), (3, "3")]
    result.arraysize = 3
    assert len(result.fetchmany()) == 3
    assert next(iter(result)) == (7, "7")
    assert result.fetchall() == [(8, "8"), (9, "9"), (10, "10")]
    assert result.fetchone() is None and result.fetchall() == []


def test_iteration_and_dicts(db):
    rows = list(db.execute("UNWIND [1, 2] AS x RETURN x, x * 2 AS y"))
    assert rows == [(1, 2), (2, 4)]
    assert db.execute("UNWIND [1, 2] AS x RETURN x, x * 2 AS y").to_dicts() == [
        {"x": 1, "y": 2}, {"x": 2, "y": 4}]


def test_summary_counts_changes_and_notifications(db):
    summary = db.execute("CREATE (a:P {key: 'a'})-[:R]->(b:P), (c:Q) SET c.x = 1").summary
    assert summary.nodes_created == 3 and summary.relationships_created == 1
    assert summary.counters["properties_set"] == 2 and summary.labels_added == 3
    result = db.execute("MATCH (n:Persn) RETURN n")
    assert result.fetchall() == []
    (note,) = result.summary.notifications
    assert "Persn" in note.description and (note.line, note.column) == (1, 10)
    assert note.code.endswith("UnknownLabelWarning")


def test_large_dataframe(db):
    pd = pytest.importorskip("pandas")
    n = 300_000
    df = db.execute("UNWIND range(1, $n) AS i "
                    "RETURN i, toString(i) AS s, i / 2.0 AS f, i % 2 = 0 AS even, "
                    "CASE WHEN i % 3 = 0 THEN null ELSE i END AS maybe", {"n": n}).to_df()
    assert list(df.columns) == ["i", "s", "f", "even", "maybe"]
    assert len(df) == n
    assert str(df["i"].dtype) == "int64" and df["i"].sum() == n * (n + 1) // 2
    assert str(df["f"].dtype) == "float64" and df["f"].iloc[-1] == n / 2
    assert str(df["even"].dtype) == "bool" and df["even"].sum() == n // 2
    assert df["s"].iloc[12344] == "12345" and df["maybe"].isna().sum() == n // 3
    empty = db.execute("UNWIND [] AS i RETURN i").to_df()
    assert list(empty.columns) == ["i"] and len(empty) == 0


def test_large_networkx_graph(db):
    nx = pytest.importorskip("networkx")
    db.execute("UNWIND range(1, 5000) AS i CREATE (:N {key: toString(i), i: i})")
    for w in (1, 2):
        db.execute("UNWIND range(1, 5000 - $w) AS i "
                   "MATCH (a:N {key: toString(i)}), (b:N {key: toString(i + $w)}) "
                   "CREATE (a)-[:NEXT {w: $w}]->(b)", {"w": w})
    graph = db.execute("MATCH p = (a:N)-[r:NEXT]->(b) RETURN a, r, [b] AS bs").to_networkx()
    assert isinstance(graph, nx.MultiDiGraph)
    assert graph.number_of_nodes() == 5000 and graph.number_of_edges() == 2 * 5000 - 3
    some = next(iter(graph.nodes(data=True)))
    assert some[1]["labels"] == ("N",) and "key" in some[1]
    (u, v, key, data) = next(iter(graph.edges(keys=True, data=True)))
    assert data["type"] == "NEXT" and data["w"] in (1, 2)
    assert graph.nodes[v]["i"] - graph.nodes[u]["i"] == data["w"]
