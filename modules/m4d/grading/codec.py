"""The plain-data codec between the judge and the sandbox: values, never objects.

What crosses the boundary between a student's sandbox process (S) and the judge
(J) is plain data, written in a small binary format and rebuilt on the other
side by a strict decoder with the reader's own classes:

    None, bool, int, float, complex, str, bytes; list, tuple, dict, set, frozenset;
    numpy scalars and arrays of bool, integer, float, complex, str, datetime64 or
    timedelta64 dtype (and object arrays holding the scalars above);
    pandas Index (and RangeIndex, MultiIndex), Series and DataFrame of such columns.

Nothing else is encoded, and the decoder builds nothing else: no pickle, no
object of a student's class, no subclass (an ``int`` subclass, a ``float`` that
lies about its value, a ``DataFrame`` subclass with patched methods are all
refused). Sizes are bounded: a message is at most ``MAX_MESSAGE_BYTES``, nesting at
most ``MAX_DEPTH``, an integer at most ``MAX_INT_BYTES`` bytes. Whatever the bytes
are, :func:`decode` returns such a value or raises :class:`DecodeError` with a
message; it never runs code chosen by the sender.

A message is a frame: 4 bytes of length (little-endian) and the payload. A payload
is one tagged value; containers hold tagged values. Only the judge may send a
*reference* (``Ref``): a handle to an object the sandbox handed out earlier (a
student's function), so that a test can pass one student function to another or
put a name back (``squares = original``); the judge's decoder refuses them.
"""
from __future__ import annotations

import functools
import math
import struct

MAX_MESSAGE_BYTES = 64 * 1024 * 1024
MAX_DEPTH = 64
MAX_INT_BYTES = 4096
MAX_ITEMS = 20_000_000

_U32 = struct.Struct("<I")
_I64 = struct.Struct("<q")
_F64 = struct.Struct("<d")
_C128 = struct.Struct("<dd")
_SHAPES = [struct.Struct(f"<{n}Q") for n in range(33)]  # an array's shape: up to 32 dimensions
_NUMERIC_KINDS = "biufc"
_MASKED = {"Int8Dtype", "Int16Dtype", "Int32Dtype", "Int64Dtype", "UInt8Dtype", "UInt16Dtype", "UInt32Dtype",
           "UInt64Dtype", "Float32Dtype", "Float64Dtype", "BooleanDtype"}
_MASKED_NAMES = {"Int8", "Int16", "Int32", "Int64", "UInt8", "UInt16", "UInt32", "UInt64", "Float32", "Float64",
                 "boolean"}
# pandas' str dtype, stored by Python objects or by pyarrow (pandas 3's default when
# pyarrow is installed): the copy gets the storage the student's column had.
_STRING_STORAGE = {"python": b"p", "pyarrow": b"r"}
_STORAGE_OF = {code: name for name, code in _STRING_STORAGE.items()}
_TIME_UNITS = ("Y", "M", "W", "D", "h", "m", "s", "ms", "us", "ns")


class EncodeError(TypeError):
    """A value that is not plain data; the message says which part and why."""


class DecodeError(ValueError):
    """Bytes that are not a valid message of this codec."""


class Ref:
    """A handle to an object held by the sandbox (judge -> sandbox only)."""

    __slots__ = ("handle",)

    def __init__(self, handle: int):
        self.handle = int(handle)

    def __eq__(self, other):
        return type(other) is Ref and other.handle == self.handle

    def __hash__(self):
        return hash(("Ref", self.handle))

    def __repr__(self):
        return f"Ref({self.handle})"


def _np():
    import numpy
    return numpy


def _pd():
    import pandas
    return pandas


# -- encoding -----------------------------------------------------------------------

def encode(value, refs=None) -> bytes:
    """The payload of one value (no frame). ``refs`` maps objects to handles, or is None.

    With ``refs`` (the judge's side), an object found in it is sent as a Ref.
    """
    out = bytearray()
    _Encoder(out, refs).value(value, 0, "the value")
    if len(out) > MAX_MESSAGE_BYTES:
        raise EncodeError(f"the value takes {len(out) / 1024**2:.0f} MB, more than the "
                          f"{MAX_MESSAGE_BYTES // 1024**2} MB that may cross the boundary")
    return bytes(out)


def frame(payload: bytes) -> bytes:
    return _U32.pack(len(payload)) + payload


class _Encoder:
    def __init__(self, out: bytearray, refs):
        self.out = out
        self.refs = refs
        self.items = 0

    def _count(self, n: int, where: str):
        self.items += n
        if self.items > MAX_ITEMS:
            raise EncodeError(f"{where} holds more than {MAX_ITEMS} items")
        if len(self.out) > MAX_MESSAGE_BYTES:
            raise EncodeError(f"{where} is larger than the {MAX_MESSAGE_BYTES // 1024**2} MB that may cross "
                              "the boundary")

    def value(self, v, depth: int, where: str):
        if depth > MAX_DEPTH:
            raise EncodeError(f"{where} is nested more than {MAX_DEPTH} levels deep")
        out = self.out
        t = type(v)
        if v is None:
            out += b"N"
        elif t is bool:
            out += b"T" if v else b"F"
        elif t is int:
            if -(1 << 63) <= v < (1 << 63):
                out += b"i" + _I64.pack(v)
            else:
                size = (v.bit_length() + 8) // 8
                if size > MAX_INT_BYTES:
                    raise EncodeError(f"{where} is an integer of more than {MAX_INT_BYTES * 8} bits")
                out += b"I" + _U32.pack(size) + v.to_bytes(size, "little", signed=True)
        elif t is float:
            out += b"f" + _F64.pack(v)
        elif t is complex:
            out += b"c" + _C128.pack(v.real, v.imag)
        elif t is str:
            data = v.encode("utf-8", "surrogatepass")
            out += b"s" + _U32.pack(len(data)) + data
        elif t is bytes:
            out += b"b" + _U32.pack(len(v)) + v
        elif t in (list, tuple, set, frozenset):
            tag = {list: b"l", tuple: b"t", set: b"S", frozenset: b"Z"}[t]
            items = list(v)
            self._count(len(items), where)
            out += tag + _U32.pack(len(items))
            for i, item in enumerate(items):
                self.value(item, depth + 1, f"{where}[{i}]" if t in (list, tuple) else f"an item of {where}")
        elif t is dict:
            items = list(v.items())
            self._count(len(items), where)
            out += b"d" + _U32.pack(len(items))
            for key, item in items:
                self.value(key, depth + 1, f"a key of {where}")
                self.value(item, depth + 1, f"{where}[{key!r}]" if type(key) in (str, int) else f"an item of {where}")
        elif self.refs is not None and id(v) in self.refs:
            out += b"r" + _I64.pack(self.refs[id(v)])
        else:
            self.library_value(v, t, depth, where)

    def library_value(self, v, t, depth, where):
        module = getattr(t, "__module__", "") or ""
        if module.startswith("numpy"):
            np = _np()
            if t is np.ndarray:
                return self.array(v, depth, where)
            if t is np.str_:
                data = str.encode(v, "utf-8", "surrogatepass")
                self.out += b"u" + _U32.pack(len(data)) + data
                return
            if _exact_numpy_scalar(t):
                dtype = _dtype_code(v.dtype, where)
                if dtype is None:
                    raise EncodeError(f"{where} is a numpy {v.dtype} scalar, which is not plain data")
                data = np.asarray(v).astype(np.dtype(dtype), copy=False).tobytes()
                self.out += b"g" + _short(dtype) + _U32.pack(len(data)) + data
                return
        if module.startswith("pandas"):
            pd = _pd()
            if t is pd.DataFrame:
                return self.frame_(v, depth, where)
            if t is pd.Series:
                self.out += b"P"
                self.value(v.name, depth + 1, f"the name of {where}")
                self.index(v.index, depth + 1, f"the index of {where}")
                return self.column(v, depth + 1, where)
            if t in (pd.Index, pd.RangeIndex, pd.MultiIndex):
                return self.index(v, depth, where)
        raise EncodeError(f"{where} is {_a(t)}, which is not plain data: return None, a bool, number, string, "
                          "list, tuple, dict, set, numpy array or pandas Series/DataFrame instead")

    def array(self, a, depth, where):
        np = _np()
        if a.dtype.kind == "O":
            flat = a.ravel(order="C").tolist()
            self._count(len(flat), where)
            self.out += b"A" + _shape(a.shape)
            for i, item in enumerate(flat):
                if type(item) in (list, tuple, dict, set, frozenset):
                    raise EncodeError(f"{where} holds a {type(item).__name__} in an object array")
                self.value(item, depth + 1, f"an item of {where}")
            return
        code = _dtype_code(a.dtype, where)
        if code is None:
            raise EncodeError(f"{where} is a numpy array of dtype {a.dtype}, which is not plain data")
        data = np.ascontiguousarray(a, dtype=_little_endian(code)).reshape(-1).view(np.uint8)
        self._count(a.size, where)
        out = self.out
        out += b"a" + _short(code) + _shape(a.shape) + _U32.pack(data.size)
        out += memoryview(data)  # its bytes, straight from the array's buffer

    def column(self, values, depth, where):
        """A Series', Index's or column's values: a numpy array, pandas' str dtype, or a
        nullable number/boolean dtype (Int64, Float64, boolean ...); other pandas dtypes
        (categorical, with a time zone, intervals ...) are refused."""
        np = _np()
        pd = _pd()
        dtype = values.dtype
        if type(dtype) is pd.StringDtype and dtype.storage in _STRING_STORAGE:
            return self.pandas_strings(values, dtype, where)
        if type(dtype).__name__ in _MASKED and type(dtype).__module__.startswith("pandas"):
            array = values.array if isinstance(values, (pd.Series, pd.Index)) else values
            self.out += b"K" + _short(dtype.name)
            self.array(np.asarray(array._data), depth + 1, where)
            self.array(np.asarray(array._mask), depth + 1, where)
            return
        if not isinstance(dtype, np.dtype):
            raise EncodeError(f"{where} has pandas' {dtype} dtype, which is not plain data: convert it "
                              "with .astype(float), .astype(int), .astype(str) or .astype(object)")
        array = values.to_numpy() if isinstance(values, (pd.Series, pd.Index)) else np.asarray(values)
        if array.dtype.kind == "O":
            items = array.tolist()
            if all(type(x) is str for x in items):
                return self.strings(items, where)
        self.array(array, depth + 1, where)

    def pandas_strings(self, values, dtype, where):
        """pandas' str dtype: which are missing (NaN or pd.NA), then the strings as UTF-8.

        Stored by pyarrow, the column's own buffers are sent as they are (no Python
        string is made); stored by Python objects, the strings are encoded."""
        np = _np()
        pd = _pd()
        array = values.array if isinstance(values, (pd.Series, pd.Index)) else values
        self.out += b"V" + (b"n" if dtype.na_value is np.nan else b"a") + _STRING_STORAGE[dtype.storage]
        buffers = _arrow_utf8(array) if dtype.storage == "pyarrow" else None
        if buffers is None:
            missing = np.asarray(array.isna(), dtype=bool)
            items = array.to_numpy(dtype=object, na_value="").tolist()
            if not all(type(x) is str for x in items):
                raise EncodeError(f"{where} holds something other than strings")
            buffers = (missing, *_utf8(items))
        missing, offsets, blob = buffers
        self._count(len(missing), where)
        self.array(missing, 1, where)
        self.utf8(offsets, blob)

    def strings(self, items: list, where):
        """A column of str only (checked by the caller), as UTF-8."""
        self._count(len(items), where)
        self.utf8(*_utf8(items))

    def utf8(self, offsets, blob: bytes):
        """n strings: n + 1 byte offsets (int64, from 0) into one UTF-8 text."""
        self.out += b"W" + _U32.pack(len(offsets) - 1) + offsets.tobytes() + _U32.pack(len(blob)) + blob

    def index(self, index, depth, where):
        pd = _pd()
        t = type(index)
        if t is pd.RangeIndex:
            self.out += b"R"
            for part in (index.start, index.stop, index.step):
                self.value(int(part), depth + 1, where)
            self.value(index.name, depth + 1, f"the name of {where}")
        elif t is pd.MultiIndex:
            self.out += b"M"
            self.value([n for n in index.names], depth + 1, f"the names of {where}")
            self.out += _U32.pack(index.nlevels)
            for level in range(index.nlevels):
                self.column(index.get_level_values(level), depth + 1, f"level {level} of {where}")
        elif t is pd.Index:
            self.out += b"X"
            self.value(index.name, depth + 1, f"the name of {where}")
            self.column(index, depth + 1, where)
        else:
            raise EncodeError(f"{where} is a pandas {t.__name__}, which is not plain data")

    def frame_(self, df, depth, where):
        self.out += b"D"
        self.index(df.index, depth + 1, f"the index of {where}")
        self.index(df.columns, depth + 1, f"the columns of {where}")
        self.out += _U32.pack(df.shape[1])
        for i, values in enumerate(_column_arrays(df)):
            self.column(values, depth + 1, f"column {i} of {where}")


def _column_arrays(df):
    """A DataFrame's columns, by position, as their arrays (no Series is made for each).

    pandas' own iterator where it has one (2.x and 3.x), else ``iloc`` by position."""
    columns = getattr(df, "_iter_column_arrays", None)
    if columns is not None:
        try:
            return list(columns())
        except Exception:
            pass
    return [df.iloc[:, i] for i in range(df.shape[1])]


def _utf8(items: list) -> tuple:
    """Byte offsets (int64, n + 1, from 0) and the UTF-8 text of a list of str.

    pyarrow encodes in one step where it is installed; strings it refuses (lone
    surrogates, which Python's kernel allows) are encoded by Python."""
    np = _np()
    if items:
        try:
            import pyarrow as pa
            found = _arrow_buffers(pa.array(items, type=pa.large_string()))
        except Exception:
            found = None
        if found is not None:
            return found[1:]
    encoded = [x.encode("utf-8", "surrogatepass") for x in items]
    offsets = np.zeros(len(items) + 1, dtype="<i8")
    np.cumsum(np.fromiter(map(len, encoded), dtype="<i8", count=len(items)), out=offsets[1:])
    return offsets, b"".join(encoded)


def _arrow_utf8(array):
    """(missing, offsets, text) of a pandas str column stored by pyarrow, from its own buffers;
    None when it is not such a column."""
    try:
        import pyarrow as pa
        arrow = array.__arrow_array__()
        if isinstance(arrow, pa.ChunkedArray):
            arrow = arrow.combine_chunks()
    except Exception:
        return None
    return _arrow_buffers(arrow)


def _arrow_buffers(arrow):
    """(missing, offsets from 0 as int64, UTF-8 text) of a pyarrow string array, else None."""
    np = _np()
    import pyarrow as pa
    if arrow.type == pa.large_string():
        width = np.dtype("<i8")
    elif arrow.type == pa.string():
        width = np.dtype("<i4")
    else:
        return None
    n = len(arrow)
    if n == 0:
        return np.zeros(0, dtype=bool), np.zeros(1, dtype="<i8"), b""
    _, offsets_buffer, data = arrow.buffers()
    offsets = np.frombuffer(offsets_buffer, dtype=width, count=n + 1, offset=arrow.offset * width.itemsize)
    offsets = offsets.astype("<i8")  # a copy: the sandbox's own
    start, end = int(offsets[0]), int(offsets[-1])
    text = bytes(memoryview(data)[start:end]) if data is not None else b""
    offsets -= start
    missing = arrow.is_null().to_numpy(zero_copy_only=False) if arrow.null_count else np.zeros(n, dtype=bool)
    return np.asarray(missing, dtype=bool), offsets, text


def _exact_numpy_scalar(t) -> bool:
    """numpy's own scalar classes (np.float64, np.int64, np.str_ ...), never a subclass."""
    np = _np()
    try:
        return issubclass(t, np.generic) and np.dtype(t).type is t
    except (TypeError, ValueError):
        return False


def _a(t) -> str:
    name = getattr(t, "__qualname__", None) or getattr(t, "__name__", "object")
    return f"a {name[:60]}"


@functools.lru_cache(maxsize=64)
def _short(text: str) -> bytes:
    data = text.encode("ascii")
    return bytes([len(data)]) + data


def _shape(shape) -> bytes:
    if len(shape) < len(_SHAPES):
        return bytes([len(shape)]) + _SHAPES[len(shape)].pack(*shape)
    return bytes([len(shape)]) + b"".join(struct.pack("<Q", n) for n in shape)  # refused by the decoder


@functools.lru_cache(maxsize=64)
def _little_endian(code: str):
    return _np().dtype(code)


def _dtype_code(dtype, where) -> str | None:
    """The little-endian dtype string of an allowed dtype, else None."""
    try:
        code = _CODES.get(dtype)
    except TypeError:  # a dtype whose metadata cannot be hashed
        return _new_dtype_code(dtype) or None
    if code is None:
        code = _new_dtype_code(dtype)
        if len(_CODES) < 256:
            _CODES[dtype] = code
    return code or None


_CODES: dict = {}  # dtype -> its code, or "" when it is not allowed


def _new_dtype_code(dtype) -> str:
    kind = dtype.kind
    if kind in _NUMERIC_KINDS:
        return dtype.newbyteorder("<").str if dtype.itemsize > 1 else dtype.str.replace("|", "<")
    if kind == "U":
        return dtype.newbyteorder("<").str
    if kind in "Mm":
        return dtype.newbyteorder("<").str
    return ""


# -- decoding -----------------------------------------------------------------------

# The dtypes already checked in this process, by their code (bounded: a sender may make
# up codes, and only allowed ones are kept).
_ALLOWED_DTYPES: dict = {}


def _allowed_dtype(code: str):
    """The numpy dtype of a code a message names, if it is one the codec allows."""
    np = _np()
    try:
        dtype = np.dtype(code)
    except TypeError:
        raise DecodeError(f"unknown dtype {code!r}") from None
    if dtype.kind in "OVS" or dtype.hasobject or dtype.fields is not None or dtype.subdtype is not None:
        raise DecodeError(f"dtype {code!r} is not allowed")
    if dtype.kind in "Mm" and np.datetime_data(dtype)[0] not in _TIME_UNITS:
        raise DecodeError(f"dtype {code!r} is not allowed")
    if len(_ALLOWED_DTYPES) < 256:
        _ALLOWED_DTYPES[code] = dtype
    return dtype


def decode(payload: bytes, allow_refs: bool = False, resolve=None):
    """Rebuild the value of one payload, or raise DecodeError.

    ``allow_refs``: the sandbox's side, where ``resolve(handle)`` gives the object.
    """
    if type(payload) is not bytes:
        payload = bytes(payload)
    if len(payload) > MAX_MESSAGE_BYTES:
        raise DecodeError("the message is larger than the limit")
    reader = _Decoder(payload, allow_refs, resolve)
    try:
        value = reader.value(0)
    except DecodeError:
        raise
    except (struct.error, IndexError, OverflowError, UnicodeDecodeError, TypeError, ValueError,
            MemoryError, RecursionError) as err:
        raise DecodeError(f"the message is malformed ({type(err).__name__})") from None
    if reader.pos != len(payload):
        raise DecodeError("the message has bytes after its value")
    return value


class _Decoder:
    def __init__(self, data: bytes, allow_refs: bool, resolve):
        self.data = data
        self.view = memoryview(data)
        self.end = len(data)
        self.pos = 0
        self.allow_refs = allow_refs
        self.resolve = resolve
        self.items = 0

    def take(self, n: int) -> bytes:
        pos = self.pos
        if n < 0 or pos + n > self.end:
            raise DecodeError("the message ends too early")
        self.pos = pos + n
        return self.data[pos:pos + n]

    def skip(self, n: int) -> int:
        """Where the next n bytes start, checked to be there (read without a copy)."""
        pos = self.pos
        if n < 0 or pos + n > self.end:
            raise DecodeError("the message ends too early")
        self.pos = pos + n
        return pos

    def u32(self) -> int:
        return _U32.unpack_from(self.data, self.skip(4))[0]

    def count(self, n: int) -> int:
        self.items += n
        if self.items > MAX_ITEMS or n > self.end - self.pos + 1:
            # Every item takes at least one byte: a count larger than what is left is a lie.
            raise DecodeError("the message claims more items than it holds")
        return n

    def short(self) -> str:
        n = self.data[self.skip(1)]
        return self.take(n).decode("ascii")

    def value(self, depth: int):
        if depth > MAX_DEPTH:
            raise DecodeError(f"the message is nested more than {MAX_DEPTH} levels deep")
        tag = self.take(1)
        if tag == b"N":
            return None
        if tag == b"T":
            return True
        if tag == b"F":
            return False
        if tag == b"i":
            return _I64.unpack(self.take(8))[0]
        if tag == b"I":
            n = self.u32()
            if n > MAX_INT_BYTES:
                raise DecodeError("an integer is larger than the limit")
            return int.from_bytes(self.take(n), "little", signed=True)
        if tag == b"f":
            return _F64.unpack(self.take(8))[0]
        if tag == b"c":
            real, imag = _C128.unpack(self.take(16))
            return complex(real, imag)
        if tag == b"s":
            return self.take(self.u32()).decode("utf-8", "surrogatepass")
        if tag == b"b":
            return self.take(self.u32())
        if tag in (b"l", b"t", b"S", b"Z"):
            n = self.count(self.u32())
            items = [self.value(depth + 1) for _ in range(n)]
            if tag == b"l":
                return items
            if tag == b"t":
                return tuple(items)
            try:
                return set(items) if tag == b"S" else frozenset(items)
            except TypeError:
                raise DecodeError("a set holds an item that cannot be in a set") from None
        if tag == b"d":
            n = self.count(self.u32())
            out = {}
            for _ in range(n):
                key = self.value(depth + 1)
                try:
                    out[key] = self.value(depth + 1)
                except TypeError:
                    raise DecodeError("a dict has a key that cannot be a key") from None
            return out
        if tag == b"r":
            handle = _I64.unpack(self.take(8))[0]
            if not self.allow_refs:
                raise DecodeError("a reference came from the sandbox, which may send values only")
            return self.resolve(handle)
        if tag == b"u":
            return _np().str_(self.take(self.u32()).decode("utf-8", "surrogatepass"))
        if tag == b"g":
            np = _np()
            dtype = self.dtype()
            n = self.u32()
            if n != dtype.itemsize:
                raise DecodeError("a numpy scalar has the wrong size")
            data = self.take(n)
            if dtype.kind == "b" and data not in (b"\x00", b"\x01"):
                raise DecodeError("a numpy bool is a byte other than 0 and 1")
            return np.frombuffer(data, dtype=dtype)[0].copy()
        if tag == b"a":
            return self.array()
        if tag == b"A":
            np = _np()
            shape = self.shape()
            size = math.prod(shape)
            self.count(size)
            items = [self.scalar(depth + 1) for _ in range(size)]
            out = np.empty(size, dtype=object)
            out[:] = items
            return out.reshape(shape)
        if tag == b"W":
            return self.strings()
        if tag in (b"R", b"M", b"X"):
            return self.index(tag, depth)
        if tag == b"P":
            pd = _pd()
            name = self.value(depth + 1)
            self.hashable(name)
            index = self.index(self.take(1), depth + 1)
            values = self.column(depth + 1)
            if len(values) != len(index):
                raise DecodeError("a Series has as many values as its index has labels")
            # The dtype given, so that pandas 3 keeps an object column of str as object.
            return pd.Series(values, index=index, name=name, dtype=values.dtype, copy=False)
        if tag == b"D":
            return self.frame(depth)
        raise DecodeError(f"the message holds an unknown kind of value ({tag!r})")

    def hashable(self, value):
        try:
            hash(value)
        except TypeError:
            raise DecodeError("a name is not hashable") from None

    def scalar(self, depth):
        value = self.value(depth)
        if type(value) in (list, tuple, dict, set, frozenset) or hasattr(value, "shape") and not _is_np_scalar(value):
            raise DecodeError("an object array holds a container")
        return value

    def dtype(self):
        code = self.short()
        dtype = _ALLOWED_DTYPES.get(code)
        return dtype if dtype is not None else _allowed_dtype(code)

    def shape(self):
        ndim = self.data[self.skip(1)]
        if ndim > 32:
            raise DecodeError("an array has too many dimensions")
        return _SHAPES[ndim].unpack_from(self.data, self.skip(8 * ndim))

    def array(self):
        """A numpy array from its raw bytes: dtype (one of the allowed), shape and byte count
        checked against each other before anything is built; then this process's own copy."""
        np = _np()
        dtype = self.dtype()
        shape = self.shape()
        n = self.u32()
        if n != math.prod(shape) * dtype.itemsize:
            raise DecodeError("an array's data does not match its shape")
        start = self.skip(n)
        array = np.frombuffer(self.view[start:start + n], dtype=dtype).reshape(shape).copy()
        if dtype.kind == "b" and n and array.view(np.uint8).max() > 1:
            # numpy takes any byte for a bool; a True that is not 1 compares unequal to True.
            raise DecodeError("a boolean array holds bytes other than 0 and 1")
        return array

    def utf8(self):
        """n strings as (byte offsets, UTF-8 text), the offsets checked: from 0, never
        decreasing, ending at the text's end."""
        np = _np()
        n = self.count(self.u32())
        offsets = np.frombuffer(self.take(8 * (n + 1)), dtype="<i8")
        text = self.take(self.u32())
        if offsets[0] != 0 or offsets[-1] != len(text) or (n and (offsets[1:] < offsets[:-1]).any()):
            raise DecodeError("a column of strings is malformed")
        return offsets, text

    def strings(self):
        """A column of str: an object array of this process's own str."""
        np = _np()
        offsets, text = self.utf8()
        n = len(offsets) - 1
        arrow = _arrow_strings(offsets, text, None)
        if arrow is not None:
            return arrow.to_numpy(zero_copy_only=False)
        out = np.empty(n, dtype=object)
        bounds = offsets.tolist()
        # Python's decoder where pyarrow is missing or refuses the text (encoded surrogates).
        out[:] = [text[a:b].decode("utf-8", "surrogatepass") for a, b in zip(bounds, bounds[1:])]
        return out

    def column(self, depth):
        pd = _pd()
        np = _np()
        tag = self.take(1)
        if tag == b"V":
            kind, storage = self.take(1), self.take(1)
            if kind not in (b"n", b"a") or storage not in _STORAGE_OF or self.take(1) != b"a":
                raise DecodeError("a column of strings is malformed")
            missing = self.array()
            if self.take(1) != b"W":
                raise DecodeError("a column of strings is malformed")
            start = self.pos
            offsets, text = self.utf8()
            if missing.dtype != bool or missing.shape != (len(offsets) - 1,):
                raise DecodeError("a column of strings is malformed")
            na_value = np.nan if kind == b"n" else pd.NA
            dtype = _string_dtype(_STORAGE_OF[storage], na_value)
            if dtype.storage == "pyarrow":
                # The column in one step from its buffers, checked by pyarrow (valid UTF-8,
                # offsets inside the text); pandas wraps it without a copy.
                arrow = _arrow_strings(offsets, text, missing)
                if arrow is None:
                    raise DecodeError("a column of strings is not valid UTF-8")
                return _wrap_arrow(arrow, dtype)
            self.pos = start
            texts = self.strings()
            texts[missing] = na_value
            return pd.array(texts, dtype=dtype)
        if tag == b"K":
            name = self.short()
            if name not in _MASKED_NAMES or self.take(1) != b"a":
                raise DecodeError("a nullable column is malformed")
            data = self.array()
            if self.take(1) != b"a":
                raise DecodeError("a nullable column is malformed")
            mask = self.array()
            dtype = pd.api.types.pandas_dtype(name)
            if mask.dtype != bool or mask.shape != data.shape or data.ndim != 1 or \
                    data.dtype != dtype.numpy_dtype:
                raise DecodeError("a nullable column is malformed")
            return dtype.construct_array_type()(data.copy(), mask.copy())
        if tag == b"a":
            values = self.array()
        elif tag == b"W":
            values = self.strings()
        elif tag == b"A":
            self.pos -= 1
            values = self.value(depth)
        else:
            raise DecodeError("a column is not an array")
        if values.ndim != 1:
            raise DecodeError("a column is not one-dimensional")
        return values

    def index(self, tag, depth):
        pd = _pd()
        if tag == b"R":
            start, stop, step = (self.value(depth + 1) for _ in range(3))
            name = self.value(depth + 1)
            if not all(type(x) is int for x in (start, stop, step)) or step == 0:
                raise DecodeError("a RangeIndex is malformed")
            if abs(stop - start) // abs(step) > MAX_ITEMS:
                raise DecodeError("a RangeIndex is longer than the limit")
            self.hashable(name)
            return pd.RangeIndex(start, stop, step, name=name)
        if tag == b"M":
            names = self.value(depth + 1)
            levels = self.u32()
            if type(names) is not list or len(names) != levels or levels == 0 or levels > 32:
                raise DecodeError("a MultiIndex is malformed")
            for name in names:
                self.hashable(name)
            arrays = [self.column(depth + 1) for _ in range(levels)]
            if len({len(a) for a in arrays}) != 1:
                raise DecodeError("the levels of a MultiIndex differ in length")
            return pd.MultiIndex.from_arrays(arrays, names=names)
        if tag == b"X":
            name = self.value(depth + 1)
            self.hashable(name)
            values = self.column(depth + 1)
            return _index(values, name)
        raise DecodeError("an index is malformed")

    def frame(self, depth):
        pd = _pd()
        index = self.index(self.take(1), depth + 1)
        columns = self.index(self.take(1), depth + 1)
        n = self.count(self.u32())
        if n != len(columns):
            raise DecodeError("a DataFrame has as many columns as column labels")
        arrays = [self.column(depth + 1) for _ in range(n)]
        if any(len(a) != len(index) for a in arrays):
            raise DecodeError("a DataFrame's columns differ in length from its index")
        return _frame(arrays, index, columns)


def _frame(arrays: list, index, columns):
    """The DataFrame of these decoded columns, in one step and with their dtypes as sent.

    pandas' own constructor from a list of column arrays (2.x and 3.x) takes them as
    they are: they are this decoder's own arrays, one-dimensional and as long as the
    index (checked), so its checks and copies are not needed; the public constructor
    (from a dict) is slower and infers pandas 3's str dtype for object columns of str."""
    pd = _pd()
    build = getattr(pd.DataFrame, "_from_arrays", None)
    if build is not None and arrays:
        try:
            return build(arrays, columns=columns, index=index, verify_integrity=False)
        except (TypeError, ValueError):
            pass
    df = pd.DataFrame({i: pd.Series(a, index=index, dtype=a.dtype, copy=False) for i, a in enumerate(arrays)},
                      index=index, copy=False) if arrays else pd.DataFrame(index=index)
    df.columns = columns
    return df


def _index(values, name):
    """The Index of these decoded labels, with their dtype as sent.

    Labels of text (a table's column names, most often) are wrapped as they are, in
    pandas' own base Index (which is what the public constructor makes of them, with
    more checks that this decoder's own arrays do not need); others, and a pandas
    without that step, go through the public constructor."""
    pd = _pd()
    if type(values.dtype) is pd.StringDtype or type(values) is _np().ndarray and values.dtype.kind == "O":
        try:
            index = pd.Index._simple_new(values, name=name)
            if type(index) is pd.Index and index.dtype == values.dtype:
                return index
        except Exception:
            pass
    return pd.Index(values, name=name, dtype=values.dtype, copy=False)


def _arrow_strings(offsets, text: bytes, missing):
    """A pyarrow array of these strings, built by this process from the bytes and checked
    in full (UTF-8, offsets); None without pyarrow or when pyarrow refuses the bytes."""
    try:
        import pyarrow as pa
    except ImportError:
        return None
    np = _np()
    n = len(offsets) - 1
    validity = None
    nulls = 0
    if missing is not None and missing.any():
        nulls = int(missing.sum())
        validity = pa.py_buffer(np.packbits(~missing, bitorder="little").tobytes())
    try:
        arrow = pa.Array.from_buffers(pa.large_string(), n, [validity, pa.py_buffer(offsets.tobytes()),
                                                             pa.py_buffer(text)], null_count=nulls)
        arrow.validate(full=True)
    except (pa.ArrowException, ValueError, TypeError):
        return None
    return arrow


def _wrap_arrow(arrow, dtype):
    """pandas' str array around this process's own pyarrow array, without a copy: the
    dtype's own array class where it takes the array as it is (pandas 3), else pd.array."""
    pd = _pd()
    try:
        array = _array_class(dtype)(arrow, dtype=dtype)
        if array.dtype == dtype:
            return array
    except (TypeError, ValueError):
        pass
    return pd.array(arrow, dtype=dtype)


@functools.lru_cache(maxsize=8)
def _array_class(dtype):
    return dtype.construct_array_type()


@functools.lru_cache(maxsize=8)
def _string_dtype(storage: str, na_value):
    """pandas' str dtype of this storage; Python objects where pyarrow is missing here."""
    pd = _pd()
    try:
        return pd.StringDtype(storage, na_value=na_value)
    except ImportError:
        return pd.StringDtype("python", na_value=na_value)


def _is_np_scalar(value) -> bool:
    np = _np()
    return isinstance(value, np.generic)


# -- reading and writing frames on file descriptors ------------------------------------

def write_frame(fd: int, payload: bytes) -> None:
    """The frame of a payload on a pipe: its length and the payload in one system call
    where the pipe takes it all (no copy of the payload is made to join them)."""
    import os
    head = _U32.pack(len(payload))
    done = os.writev(fd, (head, payload))
    if done < len(head):
        view = memoryview(frame(payload))[done:]
    else:
        view = memoryview(payload)[done - len(head):]
    while view:
        view = view[os.write(fd, view):]
