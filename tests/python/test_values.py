# Every value kind goes from Python into the engine and back unchanged: as a parameter, and
# stored as a property where openCypher can store it.
import array
import datetime as dt
import zoneinfo

import pytest

import caspian

SCALARS = [
    None, True, False, 0, 1, -1, 2**63 - 1, -2**63, 0.5, -1e300, float("inf"), "", "text",
    "Gəncə — 漢字 🙂", "a\x00b",
    dt.date(2022, 5, 18), dt.date(1, 1, 1), dt.date(9999, 12, 31),
    dt.datetime(2022, 5, 18, 9, 30, 15, 123456),
    dt.datetime(2022, 5, 18, 9, 30, tzinfo=dt.timezone.utc),
    dt.datetime(2022, 5, 18, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=4))),
    dt.datetime(2022, 5, 18, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=-3, minutes=-30))),
    dt.datetime(2022, 5, 18, 9, 30, 1, 5, tzinfo=zoneinfo.ZoneInfo("Asia/Baku")),
    dt.time(12, 31, 14, 645876), dt.time(0, 0),
    dt.time(12, 31, tzinfo=dt.timezone(dt.timedelta(hours=1))),
    caspian.Duration(months=14, days=3, seconds=14706, nanoseconds=500_000_000),
    caspian.Duration(seconds=-1, nanoseconds=500_000_000),
    [1, 2.5, "x", None, [True, []]], {"a": 1, "b": {"c": [1, "d"]}}, {},
]


def same(a, b):
    """Equal, and of the same type all the way down (1 is not 1.0, True is not 1)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, (dt.datetime, dt.time)):
        return a == b and a.tzinfo == b.tzinfo and a.utcoffset() == b.utcoffset()
    return a == b


@pytest.mark.parametrize("value", SCALARS, ids=repr)
def test_parameter_round_trip(db, value):
    (back,) = db.execute("RETURN $v AS v", {"v": value}).fetchone()
    assert same(back, value), (back, value)


# Storable: not null (it removes a property), maps or mixed lists.
STORABLE = [v for v in SCALARS if v is not None and not isinstance(v, (dict, list))]


@pytest.mark.parametrize("value", STORABLE + [[1, 2, 3], ["a", "b"], [0.5]], ids=repr)
def test_stored_property_round_trip(db, value):
    db.execute("CREATE (:V {p: $v})", {"v": value})
    (back,) = db.execute("MATCH (n:V) RETURN n.p").fetchone()
    assert same(back, value), (back, value)


def test_nanoseconds_survive(db):
    (t, d, ldt) = db.execute(
        "RETURN localtime('12:00:00.123456789'), datetime('2022-05-18T09:30:00.000000001Z'),"
        " localdatetime('2022-05-18T09:30:00.987654321')").fetchone()
    assert (t.microsecond, t.nanosecond) == (123456, 789)
    assert (d.microsecond, d.nanosecond) == (0, 1)
    assert ldt.nanosecond == 321
    back = db.execute("RETURN $t = localtime('12:00:00.123456789'), $d, $ldt",
                      {"t": t, "d": d, "ldt": ldt}).fetchone()
    assert back[0] is True and back[1].nanosecond == 1 and back[2] == ldt


def test_zone_names_and_folds_kept(db):
    (a, b) = db.execute(
        "RETURN datetime('2022-10-30T01:30+01:00[Europe/London]'),"
        " datetime('2022-10-30T01:30Z[Europe/London]')").fetchone()
    assert a.tzinfo == zoneinfo.ZoneInfo("Europe/London") and b.tzinfo == a.tzinfo
    assert a.utcoffset() == dt.timedelta(hours=1) and b.utcoffset() == dt.timedelta(0)
    assert (a.fold, b.fold) == (0, 1)
    assert db.execute("RETURN $a < $b", {"a": a, "b": b}).fetchone() == (True,)


def test_ints_beyond_64_bits_are_refused(db):
    with pytest.raises(OverflowError, match="64-bit"):
        db.execute("RETURN $v", {"v": 2**63})
    with pytest.raises(OverflowError, match="64-bit"):
        db.execute("RETURN $v", {"v": [1, -2**63 - 1]})


def test_unsupported_values_are_a_type_error(db):
    with pytest.raises(TypeError, match="bytes"):
        db.execute("RETURN $v", {"v": b"x"})
    with pytest.raises(TypeError, match="str"):
        db.execute("RETURN $v", {"v": {1: 2}})


def test_durations_keep_their_components(db):
    (d,) = db.execute("RETURN duration('P1M') AS d").fetchone()
    assert d == caspian.Duration(months=1) and d != caspian.Duration(days=30)
    (d,) = db.execute("RETURN $d", {"d": dt.timedelta(days=2, microseconds=5)}).fetchone()
    assert d == caspian.Duration(days=2, nanoseconds=5000)


def test_numpy_arrays_become_float_lists(db):
    np = pytest.importorskip("numpy")
    vector = np.linspace(0.0, 1.0, 1000)
    (back,) = db.execute("RETURN $v", {"v": vector}).fetchone()
    assert back == vector.tolist()
    (back,) = db.execute("RETURN $v", {"v": vector.astype(np.float32)[::2]}).fetchone()
    assert back == vector.astype(np.float32)[::2].tolist()
    (back,) = db.execute("RETURN $v", {"v": array.array("q", [1, 2**62])}).fetchone()
    assert back == [1, 2**62]
    assert db.execute("RETURN $v", {"v": np.int64(7)}).fetchone() == (7,)


def test_graph_values(db):
    db.execute("CREATE (:Country {key: 'AZ', name: 'Azerbaijan'})<-[:HOST {since: 2022}]-"
               "(:Visit {key: 'v1'})")
    n, r, p = db.execute("MATCH p = (v:Visit)-[r:HOST]->(c) RETURN c, r, p").fetchone()
    assert n.labels == ("Country",) and n["name"] == "Azerbaijan" and n.key == "AZ"
    assert dict(n) == {"key": "AZ", "name": "Azerbaijan"}
    assert r.type == "HOST" and r.end == n.id and r["since"] == 2022 and r.key is None
    assert p.start.key == "v1" and p.end == n and p.relationships == (r,) and len(p) == 1
    assert hash(n) == hash(caspian.Node(n.id)) and n == caspian.Node(n.id, ("Other",))
    assert n != caspian.Relationship(n.id, "T", 1, 2)
    assert repr(n) == "Node(%d:Country {'key': 'AZ', 'name': 'Azerbaijan'})" % n.id
    assert "HOST" in repr(r) and "Path(" in repr(p)
    (back,) = db.execute("RETURN $n", {"n": n}).fetchone()
    assert back == n and dict(back) == dict(n)
