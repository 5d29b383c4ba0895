"""The codec between the judge and the sandbox: plain data round-trips exactly, nothing else passes.

Properties, checked by hypothesis: any nested plain value (the kinds the judge
accepts) decodes to a value of exactly the same classes, bit for bit; any other
object is refused with a message naming what it is; and whatever bytes arrive,
the decoder returns a plain value or refuses with DecodeError, never anything else.
"""
from __future__ import annotations

import math
import struct

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from hypothesis.extra import pandas as hpd

from m4d.grading import codec

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def same(a, b) -> bool:
    """Equal as values and as classes, floats bit for bit (NaN and -0.0 included)."""
    if type(a) is not type(b):
        return False
    if type(a) is float:
        return struct.pack("<d", a) == struct.pack("<d", b)
    if type(a) is complex:
        return same(a.real, b.real) and same(a.imag, b.imag)
    if type(a) in (list, tuple):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if type(a) is dict:
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if type(a) in (set, frozenset):
        return a == b
    if isinstance(a, np.ndarray):
        if a.dtype != b.dtype or a.shape != b.shape:
            return False
        if a.dtype.kind == "O":
            return all(same(x, y) for x, y in zip(a.ravel().tolist(), b.ravel().tolist()))
        return a.tobytes() == b.tobytes()
    if isinstance(a, np.generic):
        return a.dtype == b.dtype and a.tobytes() == b.tobytes()
    if isinstance(a, pd.DataFrame):
        pd.testing.assert_frame_equal(a, b, check_exact=True, check_index_type=True, check_column_type=True)
        return list(map(str, a.dtypes)) == list(map(str, b.dtypes))
    if isinstance(a, pd.Series):
        pd.testing.assert_series_equal(a, b, check_exact=True, check_index_type=True)
        return True
    if isinstance(a, pd.Index):
        pd.testing.assert_index_equal(a, b, exact=True)
        return True
    return a == b


floats = st.floats(allow_nan=True, allow_infinity=True)
scalars = st.one_of(st.none(), st.booleans(), st.integers(min_value=-(1 << 2000), max_value=1 << 2000),
                    floats, st.complex_numbers(allow_nan=True), st.text(), st.binary())
hashables = st.recursive(st.one_of(st.none(), st.booleans(), st.integers(), st.text(),
                                   st.floats(allow_nan=False)),
                         lambda inner: st.tuples(inner, inner) | st.frozensets(inner, max_size=3), max_leaves=6)
dtypes = st.one_of(hnp.boolean_dtypes(), hnp.integer_dtypes(endianness="="), hnp.unsigned_integer_dtypes(endianness="="),
                   hnp.floating_dtypes(endianness="=", sizes=(32, 64)), hnp.complex_number_dtypes(endianness="="),
                   hnp.unicode_string_dtypes(endianness="=", max_len=4),
                   hnp.datetime64_dtypes(endianness="=", max_period="Y", min_period="ns"))
arrays = hnp.arrays(dtypes, hnp.array_shapes(min_dims=0, max_dims=3, max_side=4))
numpy_scalars = arrays.filter(lambda a: a.size > 0).map(lambda a: a.ravel()[0])
frames = hpd.data_frames([hpd.column("number", dtype=float), hpd.column("count", dtype=np.int64),
                          hpd.column("flag", dtype=bool), hpd.column("name", elements=st.text(max_size=5))],
                         index=hpd.range_indexes(max_size=6))
series = hpd.series(elements=st.floats(allow_nan=True), dtype=float,
                    index=hpd.indexes(elements=st.text(max_size=3), max_size=5))
plain = st.recursive(st.one_of(scalars, arrays, numpy_scalars, frames, series),
                     lambda inner: st.one_of(st.lists(inner, max_size=4), st.tuples(inner, inner),
                                             st.dictionaries(hashables, inner, max_size=4),
                                             st.sets(hashables, max_size=4), st.frozensets(hashables, max_size=4)),
                     max_leaves=12)


@SETTINGS
@given(plain)
def test_plain_data_round_trips_exactly(value):
    back = codec.decode(codec.encode(value))
    assert same(value, back)


def test_pandas_columns_the_assignments_use_round_trip_with_their_dtypes():
    frame = pd.DataFrame({"line_id": ["C1", None, "C3"], "year": [2026, 2027, 2026], "amount": [1.5, np.nan, 3.0],
                          "nullable": pd.array([1, None, 3], dtype="Int64"),
                          "ok": pd.array([True, None, False], dtype="boolean")},
                         index=pd.Index(["a", "b", "c"], name="row"))
    table = pd.crosstab(pd.Series([1, 1, 2], name="municipality_id"), pd.Series(["x", "y", "x"], name="status"))
    grouped = frame.groupby(["year", "line_id"])["amount"].sum()
    for value in (frame, table, grouped, frame.columns, frame["amount"]):
        assert same(value, codec.decode(codec.encode(value)))


@pytest.mark.parametrize("storage", ["python", "pyarrow"])
@pytest.mark.parametrize("na_value", [np.nan, pd.NA], ids=["nan", "NA"])
def test_pandas_text_columns_keep_their_storage(storage, na_value):
    """pandas 3 reads text into its str dtype, stored by pyarrow when it is installed: a
    copy of the student's table has the dtype it has in the student's kernel."""
    if storage == "pyarrow":
        pytest.importorskip("pyarrow")
    dtype = pd.StringDtype(storage, na_value=na_value)
    frame = pd.DataFrame({"partner": pd.array(["KAS", None, "Médenine"], dtype=dtype), "score": [0.5, 0.25, 1.0]},
                         index=pd.Index(pd.array(["a", "b", "c"], dtype=dtype)))
    back = codec.decode(codec.encode(frame))
    assert back["partner"].dtype == dtype and back.index.dtype == dtype
    assert same(frame, back)


def test_a_table_read_from_csv_round_trips(tmp_path):
    (tmp_path / "partners.csv").write_text("partner,name,score\nKAS,Kasserine,0.5\nMED,,0.25\n", encoding="utf-8")
    frame = pd.read_csv(tmp_path / "partners.csv")
    assert same(frame, codec.decode(codec.encode(frame)))


class LyingFloat(float):
    def __eq__(self, other):
        return True


class Frame(pd.DataFrame):
    pass


def _generator():
    yield 1


NOT_PLAIN = {
    "a float subclass that claims to equal everything": LyingFloat(0.5),
    "an int subclass": type("Count", (int,), {})(3),
    "a str subclass": type("Name", (str,), {})("x"),
    "a list subclass": type("Ranking", (list,), {})([1]),
    "a dict subclass": type("Shares", (dict,), {})(a=1),
    "a DataFrame subclass": Frame({"a": [1]}),
    "a numpy array subclass": np.ma.array([1.0]),
    "a numpy float subclass": type("F64", (np.float64,), {})(1.0),
    "a generator": _generator(),
    "a function": lambda: 1,
    "a class": LyingFloat,
    "an object": object(),
    "a categorical column": pd.Series(pd.Categorical(["a", "b"])),
    "an object array holding a list": np.array([[1], None], dtype=object),
    "a list holding an object": [1, {"x": object()}],
    "nesting deeper than the limit": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]],
    "an integer larger than the limit": 1 << (codec.MAX_INT_BYTES * 8 + 8),
}


@pytest.mark.parametrize("what", sorted(NOT_PLAIN))
def test_anything_else_is_refused_with_a_message(what):
    with pytest.raises(codec.EncodeError) as refused:
        codec.encode(NOT_PLAIN[what])
    assert len(str(refused.value)) > 20


@SETTINGS
@given(st.binary(max_size=200) | plain.map(codec.encode).flatmap(
    lambda data: st.integers(0, max(len(data) - 1, 0)).flatmap(
        lambda cut: st.sampled_from([data[:cut], data[:cut] + b"\x00" + data[cut + 1:], data + b"N"]))))
def test_any_bytes_decode_to_plain_data_or_a_refusal(data):
    try:
        value = codec.decode(data)
    except codec.DecodeError as refused:
        assert str(refused)
        return
    codec.encode(value)  # whatever came out is plain data itself


def test_the_sandbox_cannot_send_a_reference():
    with pytest.raises(codec.DecodeError, match="reference"):
        codec.decode(b"r" + (7).to_bytes(8, "little"))
    assert codec.decode(b"r" + (7).to_bytes(8, "little"), allow_refs=True, resolve=lambda h: ("handle", h)) == ("handle", 7)


def test_a_message_that_claims_more_than_it_holds_is_refused_without_allocating():
    huge_list = b"l" + (2**32 - 1).to_bytes(4, "little")
    huge_array = b"a\x03<f8\x01" + (2**40).to_bytes(8, "little") + (0).to_bytes(4, "little")
    for data in (huge_list, huge_array):
        with pytest.raises(codec.DecodeError):
            codec.decode(data)
    assert math.isnan(codec.decode(codec.encode(float("nan"))))
