"""Conformance cases generated from botocore's own `ivs` service model.

For every constraint of the input shapes of every operation ivs-local
implements (`ivs-local --operations`: required, length, pattern, range, enum,
list and map sizes) this module yields a request that breaks it (expecting 400
ValidationException naming the member) and requests just inside the bound
(expecting success). Nothing here lists members or bounds by hand: a model
update, or an operation ivs-local starts to serve, shows up as new or changed
cases.

Three kinds of member need a real value rather than an invented one, and are
recognised from the model by name:
- identifiers (string shapes named `...Arn`) of IVS resources (others, such as
  MediaTailor's, keep a generated value): the base request uses an
  existing resource of the kind the shape's pattern names (a stand-in each
  test replaces with a fresh one); a value inside the bounds that names no
  resource may answer ResourceNotFoundException, which still shows it passed
  validation;
- opaque pagination tokens (`PaginationToken`): a well-formed token the
  server never issued may be refused, but not as a constraint violation;
- public key material (string shapes named `...PublicKeyMaterial`, which the
  model leaves unconstrained but IVS parses): a real ECDSA P-384 public key
  in PEM form, the one the ivs-local tests use (tests/data/p384-a.pem);
- an empty list sent in the query string is indistinguishable on the wire
  from no list at all, so that one "inside" case is skipped, and counted.

Two documented rules the model cannot express shape the base requests (each
case then changes one member of them):
- ListChannels' filters "are mutually exclusive and cannot be used together"
  (409 ConflictException): base requests leave every `filterBy...` member out;
- multitrack input `enabled: true` "can be set to true only if channel type
  is STANDARD" and needs containerFormat FRAGMENTED_MP4: base requests keep it
  off, so that the cases of `type` and `containerFormat` vary one member only.

Live state: operations that may answer ChannelNotBroadcasting, and
GetStreamSession (its latest session needs one), run on a channel that is on
air (conftest's LIVE_OPERATIONS: it puts the fresh channel live). A stream id
(`StreamId`) names a session only the server makes: base requests leave the
optional one out (GetStreamSession then answers the latest session), and a
well-formed one of no session may answer ResourceNotFoundException.
"""

from __future__ import annotations

import copy
import dataclasses
import functools
import os
import pathlib
import re
import subprocess
from typing import Any, Iterator

import regex
from botocore import xform_name

BINARY = os.environ.get(
    "IVS_LOCAL_BIN", str(pathlib.Path(__file__).resolve().parent.parent.parent / "target" / "debug" / "ivs-local")
)


def implemented_operations() -> list[str]:
    """The operations ivs-local says it implements (`ivs-local --operations`)."""
    out = subprocess.run([BINARY, "--operations"], capture_output=True, text=True, timeout=60, check=True)
    return [line for line in out.stdout.splitlines() if line]


OPERATIONS = implemented_operations()

# Characters examples are drawn from; each class of a pattern uses those it matches.
# ASCII first, then letters, separators and numbers of other scripts.
POOL = (
    [chr(c) for c in range(ord("a"), ord("z") + 1)]
    + [chr(c) for c in range(ord("A"), ord("Z") + 1)]
    + [chr(c) for c in range(ord("0"), ord("9") + 1)]
    + list("-_.:/=+@ ")
    + ["é", "Ω", "東", "ß", "\u00a0", "٣", "Ⅻ"]
)
# Characters tried, in order, to break a pattern: punctuation no class above admits.
BREAKERS = list("!#%^*~<>;,?'\"&$") + ["\t", "😀"]

IDENTIFIER_SUFFIX = "Arn"
# Stands for "an existing resource" of a kind in generated requests; each test puts a fresh one there.
EXISTING_ID = "EXISTING"
# The kind named by identifiers whose pattern names none (`ResourceArn`: `[a-z-]`).
ANY_KIND = "recording-configuration"
TOKEN_SHAPES = {"PaginationToken"}
SESSION_ID_SHAPES = {"StreamId"}
KEY_MATERIAL_SUFFIX = "PublicKeyMaterial"
KEY_MATERIAL = (pathlib.Path(__file__).resolve().parent.parent / "tests" / "data" / "p384-a.pem").read_text()
# Documented rules (see the module documentation): members base requests leave out or fix.
EXCLUSIVE_FILTER_PREFIX = "filterBy"
BASE_FIXED = {"multitrackInputConfiguration": {"enabled": False}}


def existing(resource_type: str) -> str:
    return f"arn:aws:ivs:us-west-2:123456789012:{resource_type}/{EXISTING_ID}"


def resource_type_of(shape) -> str:
    """The ARN resource type an identifier's pattern names, e.g. `channel`."""
    found = re.search(r":([a-z][a-z-]+)/", shape.metadata.get("pattern", ""))
    return found.group(1) if found else ANY_KIND


# The stand-in of the kind with no pattern of its own.
EXISTING = existing(ANY_KIND)


@dataclasses.dataclass
class Case:
    """One request and what must come back."""

    operation: str
    constraint: str  # e.g. "length.max", "pattern", "required"
    path: str  # the member as AWS names it in messages, e.g. "destinationConfiguration.s3.bucketName"
    violating: bool
    params: dict
    # For "inside" cases on identifiers / tokens: what else shows validation passed.
    lenient: str | None = None

    @property
    def id(self) -> str:
        kind = "violates" if self.violating else "inside"
        return f"{self.operation}:{self.path}:{self.constraint}:{kind}"


@dataclasses.dataclass
class Skipped:
    operation: str
    path: str
    constraint: str
    reason: str


# ---------------------------------------------------------------- patterns


@dataclasses.dataclass
class Token:
    members: list[str]  # pool characters this token matches
    min: int
    max: float  # float("inf") for + and *


def tokenize(pattern: str) -> list[Token]:
    """Splits the model's simple patterns (literals, [classes], groups, + * ?) into tokens."""
    tokens: list[Token] = []
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if c in "()":
            i += 1
            continue
        if c == "[":
            j = i + 1
            while pattern[j] != "]":
                j += 2 if pattern[j] == "\\" else 1
            text = pattern[i : j + 1]
            members = [p for p in POOL if regex.fullmatch(text, p)]
            i = j + 1
        elif c == "\\":
            text = pattern[i : i + 2]
            members = [p for p in POOL if regex.fullmatch(text, p)]
            i += 2
        else:
            members = [c]
            i += 1
        low, high = 1, 1
        if i < len(pattern) and pattern[i] in "+*?":
            low, high = {"+": (1, float("inf")), "*": (0, float("inf")), "?": (0, 1)}[pattern[i]]
            i += 1
        if not members:
            raise ValueError(f"no pool character matches part of {pattern!r}")
        tokens.append(Token(members, low, high))
    return tokens


def alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of a pattern (`^$|^arn...$`), anchors dropped."""
    parts, depth, start = [], 0, 0
    in_class = False
    for i, c in enumerate(pattern):
        if c == "[" and not in_class:
            in_class = True
        elif c == "]" and in_class:
            in_class = False
        elif not in_class and c == "(":
            depth += 1
        elif not in_class and c == ")":
            depth -= 1
        elif not in_class and depth == 0 and c == "|":
            parts.append(pattern[start:i])
            start = i + 1
    parts.append(pattern[start:])
    return [part.removeprefix("^").removesuffix("$") for part in parts]


def example(pattern: str | None, length: int, seed: int = 0) -> str | None:
    """A string of exactly `length` characters matching `pattern`, or None if none exists."""
    if pattern is not None and len(alternatives(pattern)) > 1:
        for alternative in alternatives(pattern):
            value = example(alternative, length, seed)
            if value is not None:
                return value
        return None
    if pattern is not None:
        pattern = alternatives(pattern)[0]
    if pattern is None:
        tokens = [Token([p for p in POOL if p.isalnum() and p.isascii()], 0, float("inf"))]
    else:
        tokens = tokenize(pattern)
    counts = [t.min for t in tokens]
    extra = length - sum(counts)
    if extra < 0:
        return None
    for index in reversed(range(len(tokens))):
        room = tokens[index].max - counts[index]
        take = int(min(room, extra))
        counts[index] += take
        extra -= take
    if extra:
        return None
    out = []
    position = 0
    for token, count in zip(tokens, counts):
        for _ in range(count):
            # Seeded rotation: varied characters, and distinct strings for distinct seeds.
            out.append(token.members[(position + seed * 7) % len(token.members)])
            position += 1
    value = "".join(out)
    if pattern is not None and not regex.fullmatch(f"(?:{pattern})", value):
        raise AssertionError(f"generator bug: {value!r} does not match {pattern!r}")
    return value


def breaking(pattern: str, valid: str, max_len: int | None) -> str | None:
    """`valid` with one character appended that makes it fail `pattern`."""
    if max_len is not None and len(valid) + 1 > max_len:
        valid = valid[:-1]
    for c in BREAKERS:
        candidate = valid + c
        if not regex.fullmatch(f"(?:{pattern})", candidate):
            return candidate
    return None


# ---------------------------------------------------------------- values


def utf16_len(value: str) -> int:
    return len(value.encode("utf-16-le")) // 2


def string_length_bounds(shape) -> tuple[int, int | None]:
    return shape.metadata.get("min", 0), shape.metadata.get("max")


def valid_string(shape, seed: int = 0) -> str:
    if shape.name.endswith(KEY_MATERIAL_SUFFIX):
        return KEY_MATERIAL
    if "enum" in shape.metadata:
        return shape.metadata["enum"][0]
    low, high = string_length_bounds(shape)
    pattern = shape.metadata.get("pattern")
    # Short but not minimal, so that distinct seeds give distinct values.
    for length in range(max(low, 3), (high or 64) + 1):
        value = example(pattern, length, seed)
        if value is not None:
            return value
    for length in range(low, max(low, 3)):
        value = example(pattern, length, seed)
        if value is not None:
            return value
    raise ValueError(f"no valid value for {shape.name}")


def valid_value(shape, seed: int = 0) -> Any:
    """A valid value for `shape`, every member filled in (lists with one element)."""
    kind = shape.type_name
    if kind == "string":
        return valid_string(shape, seed)
    if kind in ("integer", "long"):
        return shape.metadata.get("min", 1)
    if kind == "boolean":
        return True
    if kind == "timestamp":
        # A string, which boto3 and the CLI both send as given (ISO 8601 for IVS's `Time`).
        return "2030-01-01T00:00:00Z"
    if kind == "structure":
        return {name: valid_value(member, seed) for name, member in shape.members.items()}
    if kind == "list":
        count = max(shape.metadata.get("min", 0), 1)
        return [valid_value(shape.member, seed + i) for i in range(count)]
    if kind == "map":
        count = shape.metadata.get("min", 0)
        return {valid_value(shape.key, seed + i): valid_value(shape.value, seed + i) for i in range(count)}
    raise ValueError(f"unsupported shape type {kind} ({shape.name})")


def is_identifier(shape) -> bool:
    return shape.type_name == "string" and shape.name.endswith(IDENTIFIER_SUFFIX)


def names_other_service(shape) -> bool:
    """An identifier of another service's resource (a MediaTailor playback configuration):
    ivs-local takes it as given, so the generated value stays."""
    pattern = shape.metadata.get("pattern", "")
    return pattern.startswith("arn:aws:") and not pattern.startswith("arn:aws:ivs:")


def with_identifiers(shape, value):
    """`value` (valid for `shape`) with every IVS identifier naming the stand-in of its kind."""
    if is_identifier(shape) and not names_other_service(shape):
        return existing(resource_type_of(shape))
    if shape.type_name == "structure" and isinstance(value, dict):
        return {name: with_identifiers(shape.members[name], v) for name, v in value.items()}
    if shape.type_name == "list" and isinstance(value, list):
        return [with_identifiers(shape.member, v) for v in value]
    return value


def base_request(operation_model) -> dict:
    """A valid request: every member filled; identifiers name an existing resource;
    optional pagination tokens and exclusive filters left out (only the server can
    make a valid token; filters go one at a time); documented rules kept."""
    shape = operation_model.input_shape
    params = with_identifiers(shape, valid_value(shape))
    for name, member in shape.members.items():
        optional = name not in shape.required_members
        # ListChannels' filters are strings; ListStreams' `filterBy` is one structure.
        exclusive = name.startswith(EXCLUSIVE_FILTER_PREFIX) and member.type_name == "string"
        if optional and (member.name in TOKEN_SHAPES | SESSION_ID_SHAPES or exclusive):
            del params[name]
        elif name in BASE_FIXED and isinstance(params.get(name), dict):
            params[name].update(BASE_FIXED[name])
    return params


# ---------------------------------------------------------------- cases


def set_at(params: dict, keys: list, value: Any) -> dict:
    """A copy of `params` with the member at `keys` replaced (or removed if value is REMOVE)."""
    out = copy.deepcopy(params)
    target = out
    for key in keys[:-1]:
        target = target[key]
    if value is REMOVE:
        del target[keys[-1]]
    else:
        target[keys[-1]] = value
    return out


REMOVE = object()


class Generator:
    def __init__(self, service_model):
        self.model = service_model
        self.cases: list[Case] = []
        self.skipped: list[Skipped] = []

    def generate(self) -> "Generator":
        for name in OPERATIONS:
            op = self.model.operation_model(name)
            base = base_request(op)
            self.cases.append(Case(name, "base", "-", False, base))
            self._structure(op, base, op.input_shape, [], "")
        return self

    # Each helper receives the keys to the member inside the request, and the
    # member path AWS uses in messages.

    def _add(self, op, constraint, path, violating, params, lenient=None):
        self.cases.append(Case(op.name, constraint, path, violating, params, lenient))

    def _structure(self, op, base, shape, keys, prefix):
        for name, member in shape.members.items():
            path = f"{prefix}{name}"
            member_keys = keys + [name]
            if name in shape.required_members:
                location = member.serialization.get("location")
                if location == "uri":
                    # A URI label cannot be left out; its absence on the wire is an empty label.
                    self._add(op, "required", path, True, set_at(base, member_keys, ""))
                else:
                    self._add(op, "required", path, True, set_at(base, member_keys, REMOVE))
            self._member(op, base, member, member_keys, path)

    def _element_structure(self, op, base, shape, keys, prefix, put, part):
        """A structure inside a list or map: each case puts a whole valid element, with one
        member changed (messages name the member under the list, `list.member`)."""
        element = with_identifiers(shape, valid_value(shape))
        for name, member in shape.members.items():

            def member_put(value, name=name):
                changed = {k: v for k, v in element.items() if k != name}
                if value is not REMOVE:
                    changed[name] = value
                return put(changed)

            if name in shape.required_members:
                self._add(op, part + "required", f"{prefix}{name}", True, member_put(REMOVE))
            self._member(op, base, member, keys, f"{prefix}{name}", put=member_put, part=part)

    def _member(self, op, base, shape, keys, path, put=None, part=""):
        """Cases for one value; `put(value)` builds the request carrying it (default: at
        keys); `part` tells map keys, map values and list members apart in case ids."""
        put = put or (lambda value: set_at(base, keys, value))
        kind = shape.type_name
        if kind == "string":
            self._string(op, shape, path, put, part)
        elif kind in ("integer", "long"):
            low, high = shape.metadata.get("min"), shape.metadata.get("max")
            if low is not None:
                self._add(op, part + "range.min", path, True, put(low - 1))
                self._add(op, part + "range.min", path, False, put(low))
            if high is not None:
                self._add(op, part + "range.max", path, True, put(high + 1))
                self._add(op, part + "range.max", path, False, put(high))
        elif kind == "structure" and part:
            self._element_structure(op, base, shape, keys, f"{path}.", put, part)
        elif kind == "structure":
            self._structure(op, base, shape, keys, f"{path}.")
        elif kind == "list":
            self._list(op, base, shape, keys, path, put)
        elif kind == "map":
            self._map(op, base, shape, keys, path, put)

    def _string(self, op, shape, path, put, part):
        if shape.name.endswith(KEY_MATERIAL_SUFFIX) and not shape.metadata:
            # Unconstrained in the model; any invented string is no key and gets refused.
            self.skipped.append(Skipped(op.name, path, part + "length.min inside", "key material must be a real key"))
            return
        lenient = None
        if is_identifier(shape) or shape.name in SESSION_ID_SHAPES:
            lenient = "ResourceNotFoundException"
        elif shape.name in TOKEN_SHAPES:
            lenient = "ValidationException-not-constraint"
        if "enum" in shape.metadata:
            self._add(op, part + "enum", path, True, put("NOT_A_" + shape.name.upper()))
            for value in shape.metadata["enum"]:
                self._add(op, f"{part}enum={value}", path, False, put(value))
            return
        pattern = shape.metadata.get("pattern")
        low, high = string_length_bounds(shape)
        if low > 0:
            # Too short, matching the pattern if any value that short can (else it breaks both).
            short = example(pattern, low - 1) or "a" * (low - 1)
            self._add(op, part + "length.min", path, True, put(short))
        at_min = example(pattern, low)
        if at_min is not None:
            self._add(op, part + "length.min", path, False, put(at_min), lenient)
        else:
            self.skipped.append(Skipped(op.name, path, part + "length.min inside", f"the pattern needs more than {low} characters"))
        if high is not None:
            at_max = example(pattern, high, seed=1)
            self._add(op, part + "length.max", path, False, put(at_max), lenient)
            too_long = example(pattern, high + 1, seed=1) or "a" * (high + 1)
            self._add(op, part + "length.max", path, True, put(too_long))
        if pattern is not None:
            bad = breaking(pattern, valid_string(shape), high)
            self._add(op, part + "pattern", path, True, put(bad))

    def _list(self, op, base, shape, keys, path, put):
        low, high = shape.metadata.get("min"), shape.metadata.get("max")
        element = shape.member
        in_query = shape.serialization.get("location") == "querystring"
        if low is not None:
            if low > 0:
                self._add(op, "size.min", path, True, put([valid_value(element, i) for i in range(low - 1)]))
            if low == 0 and in_query:
                self.skipped.append(Skipped(op.name, path, "size.min inside", "an empty query-string list is no list on the wire"))
            else:
                self._add(op, "size.min", path, False, put([valid_value(element, i) for i in range(low)]))
        if high is not None:
            self._add(op, "size.max", path, False, put([valid_value(element, i) for i in range(high)]))
            self._add(op, "size.max", path, True, put([valid_value(element, i) for i in range(high + 1)]))
        # Element constraints: the message names the list itself.
        self._member(op, base, element, keys, path, put=lambda value: put([value]), part="member.")

    def _map(self, op, base, shape, keys, path, put):
        low, high = shape.metadata.get("min"), shape.metadata.get("max")

        def entries(n):
            return {valid_value(shape.key, i): valid_value(shape.value, i) for i in range(n)}

        if low is not None:
            if low > 0:
                self._add(op, "size.min", path, True, put(entries(low - 1)))
            self._add(op, "size.min", path, False, put(entries(low)))
        if high is not None:
            self._add(op, "size.max", path, False, put(entries(high)))
            self._add(op, "size.max", path, True, put(entries(high + 1)))
        value = valid_value(shape.value)
        key = valid_value(shape.key)
        # Key and value constraints: the message names the map.
        self._member(op, base, shape.key, keys, path, put=lambda k: put({k: value}), part="key.")
        self._member(op, base, shape.value, keys, path, put=lambda v: put({key: v}), part="value.")


@functools.lru_cache(maxsize=None)
def generated(service_model) -> Generator:
    return Generator(service_model).generate()


def cli_name(operation: str) -> str:
    return xform_name(operation, "-")


def method_name(operation: str) -> str:
    return xform_name(operation)


def summary(cases: list[Case], skipped: list[Skipped]) -> Iterator[str]:
    violating = sum(c.violating for c in cases)
    yield (
        f"conformance: {len(cases)} model-driven request cases generated "
        f"({violating} violating, {len(cases) - violating} inside the bounds), "
        f"{len(skipped)} not expressible on the wire"
    )
    for s in skipped:
        yield f"  not generated: {s.operation} {s.path} {s.constraint}: {s.reason}"
