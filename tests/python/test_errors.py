# Errors are caspian.Error subclasses with the kind, position and openCypher class; a failed
# statement leaves the database as it was.
import pytest

import caspian


def test_syntax_error_carries_its_position(db):
    with pytest.raises(caspian.QuerySyntaxError) as info:
        db.execute("MATCH (a:Person\nRETURN a")
    e = info.value
    assert (e.kind, e.line, e.column) == ("syntax", 2, 1)
    assert e.error_class == "SyntaxError" and e.message in str(e)
    assert str(e).startswith("query:2:1: syntax error:") and "^" in str(e)
    assert isinstance(e, caspian.Error) and not isinstance(e, SyntaxError)


def test_semantic_error_position_counts_characters(db):
    with pytest.raises(caspian.SemanticError) as info:
        db.execute("RETURN 'ə', nope")
    assert (info.value.line, info.value.column) == (1, 13)
    assert info.value.detail == "UndefinedVariable"


def test_kinds_map_to_subclasses(db):
    db.execute("CREATE (:P {key: 'k'})")
    with pytest.raises(caspian.ConstraintError) as info:
        db.execute("CREATE (:P {key: 'k'})")
    assert info.value.kind == "constraint" and info.value.line is None
    with pytest.raises(caspian.QueryTypeError):
        db.execute("RETURN 1 + 'a' + [] - {}")
    with pytest.raises(caspian.ResourceError):
        db.execute("UNWIND range(1, 100000000) AS i RETURN count(*)", timeout=0.05)
    assert db.execute("MATCH (n:P) RETURN count(n)").fetchone() == (1,)


def test_closed_database_and_read_only(tmp_path):
    db = caspian.open(str(tmp_path / "g"))
    db.execute("CREATE (:P)")
    db.close()
    assert db.closed
    with pytest.raises(caspian.UsageError, match="closed"):
        db.execute("RETURN 1")
    with caspian.open(str(tmp_path / "g"), read_only=True) as ro:
        assert ro.execute("MATCH (n) RETURN count(n)").fetchone() == (1,)
        with pytest.raises(caspian.Error):
            ro.execute("CREATE (:P)")
    with caspian.open(str(tmp_path / "g")) as again:
        assert again.execute("MATCH (n) RETURN count(n)").fetchone() == (1,)


def test_prepared_statements(db):
    stmt = db.prepare("CREATE (n:P {key: $k}) RETURN n.key")
    assert [stmt.execute({"k": str(i)}).fetchone()[0] for i in range(3)] == ["0", "1", "2"]
    assert stmt.text == "CREATE (n:P {key: $k}) RETURN n.key"
    with pytest.raises(caspian.QuerySyntaxError) as info:
        db.prepare("RETURN (")
    assert info.value.column == 9
    with pytest.raises(caspian.Error, match="k"):
        stmt.execute()
