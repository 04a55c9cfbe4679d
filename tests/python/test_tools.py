# import_csv / import_jsonl / export / backup / check / stats through the public API.
import datetime

import pytest

import caspian


def test_import_export_backup_check_stats(db, tmp_path):
    nodes = tmp_path / "nodes.csv"
    nodes.write_text("key:ID,:LABEL,name,start:date\nBY,Country,Belarus,\nAZ,Country,Azerbaijan,\n"
                     "v,Visit,,2022-05-18\n")
    edges = tmp_path / "edges.csv"
    edges.write_text(":START_ID,:TYPE,:END_ID\nv,HOST,AZ\nv,GUEST_OF,BY\n")
    report = db.import_csv(nodes=[str(nodes)], edges=[str(edges)])
    assert (report["nodes"], report["relationships"], report["skipped"]) == (3, 2, 0)
    assert db.execute("MATCH (:Visit)-[:HOST]->(c) RETURN c.name").fetchall() == [("Azerbaijan",)]

    out = tmp_path / "export"
    exported = db.export(str(out), format="jsonl")
    assert exported["nodes"] == 3 and len(exported["files"]) == 2
    with caspian.open() as copy:
        copy.import_jsonl(nodes=[str(out / "nodes.jsonl")], edges=[str(out / "edges.jsonl")])
        assert copy.execute("MATCH (v)-[:HOST]->(c) RETURN v.start, c.key").fetchall() == \
            db.execute("MATCH (v)-[:HOST]->(c) RETURN v.start, c.key").fetchall()

    db.backup(str(tmp_path / "backup"))
    with caspian.open(str(tmp_path / "backup"), read_only=True) as b:
        assert b.execute("MATCH (n) RETURN count(n)").fetchone() == (3,)

    assert db.check() == {"sound": True, "nodes": 3, "relationships": 2, "problems": []}
    stats = db.stats()
    assert stats["nodes"] == 3 and stats["labels"] == {"Country": 2, "Visit": 1}
    assert stats["relationship_types"] == {"GUEST_OF": 1, "HOST": 1} and stats["tables"]

    with pytest.raises(ValueError, match="format"):
        db.export(str(tmp_path / "x"), format="xml")


def test_bad_row_names_its_file_and_line_and_imports_nothing(db, tmp_path):
    nodes = tmp_path / "bad.csv"
    nodes.write_text("key:ID,n:int\na,1\nb,zwei\n")
    with pytest.raises(caspian.Error) as info:
        db.import_csv(nodes=[str(nodes)])
    assert "bad.csv:3" in str(info.value)
    assert db.execute("MATCH (n) RETURN count(n)").fetchone() == (0,)
    report = db.import_csv(nodes=[str(nodes)], skip_bad_rows=True)
    assert report["skipped"] == 1 and report["bad_rows"][0]["line"] == 3


@pytest.mark.parametrize("fmt, name, kwarg", [
    ("turtle", "g.ttl", "rdf"), ("ntriples", "g.nt", "rdf"), ("graphml", "g.graphml", "graphml"),
    ("apoc-jsonl", "g.json", "apoc_jsonl"), ("neo4j-csv", "neo4j", None)])
def test_every_reimportable_format_round_trips(db, tmp_path, fmt, name, kwarg):
    db.execute("CREATE (v:Visit {key: 'v', start: date('2022-05-18'), days: 2})"
               "-[:HOST {since: 1992}]->(:Country {key: 'AZ', name: 'Azerbaijan'})")
    out = tmp_path / name
    report = db.export(str(out), format=fmt)
    assert (report["nodes"], report["relationships"]) == (2, 1)
    with caspian.open() as copy:
        if kwarg is None:  # neo4j-admin's layout: node files, then relationship files
            files = sorted(str(p) for p in out.iterdir())
            copy.import_csv(nodes=[f for f in files if "/nodes-" in f],
                            edges=[f for f in files if "/relationships-" in f])
        else:
            copy.import_csv(**{kwarg: [str(out)]})
        query = "MATCH (v:Visit)-[h:HOST]->(c:Country) RETURN v.key, v.start, v.days, h.since, c.name"
        assert copy.execute(query).fetchall() == db.execute(query).fetchall() == \
            [("v", datetime.date(2022, 5, 18), 2, 1992, "Azerbaijan")]


def test_rdf_version_and_an_unknown_one(db, tmp_path):
    db.execute("CREATE (:A {key: 'a'})-[:R {w: 1}]->(:B {key: 'b'})")
    assert "<<(" in open(db.export(str(tmp_path / "g.nt"), format="ntriples",
                                   rdf_version="1.2")["files"][0]).read()
    with pytest.raises(ValueError, match="rdf_version"):
        db.export(str(tmp_path / "h.nt"), format="ntriples", rdf_version="2")
