"""YAML that remembers where each value was written.

PyYAML's composed node tree carries start marks; we keep it beside the
constructed values so any key or list item can be reported at its own
`line:col`, and a value written as an alias (`*name`) at the alias, not at
its anchor. Values that YAML rejects late (an impossible date such as
`2005-13-45`) come back as `Invalid` instead of aborting the whole file.
"""

from __future__ import annotations

import bisect
import copy
import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Iterator

import yaml

from ..core.diagnostics import Position, Report

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# Characters outside YAML's printable set (YAML 1.1, section 5.1) end the
# whole parse, with a message of PyYAML's own that places them nowhere useful.
_UNPRINTABLE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(frozen=True, slots=True)
class Invalid:
    """A scalar YAML could not turn into its type, kept as written."""

    text: str
    reason: str


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        # Explicit tags (`!!int abc`, `!!timestamp x`) make PyYAML's own
        # constructors fail with plain Python errors; give them a position.
        try:
            return super().construct_object(node, deep)
        except yaml.YAMLError:
            raise
        except (ValueError, TypeError, AttributeError, OverflowError, LookupError) as exc:
            raise yaml.constructor.ConstructorError(
                None, None, f"cannot read the value '{getattr(node, 'value', '')}' as {node.tag.rsplit(':', 1)[-1]} ({exc})"
                if isinstance(node, yaml.ScalarNode) else f"cannot read this value ({exc})",
                node.start_mark,
            ) from None


def _timestamp(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError, AttributeError) as exc:
        return Invalid(node.value, str(exc) or "not a date")


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


class Lines:
    """Line and column of a character index, counting only \\n as a line break.

    YAML also breaks lines at U+0085, U+2028 and U+2029; editors do not, so
    its own line numbers would drift after such a character.
    """

    def __init__(self, text: str, path: str, line_offset: int) -> None:
        self.path, self.line_offset = path, line_offset
        self.starts = [0]
        found = text.find("\n")
        while found >= 0:  # a search per line, not a Python step per character
            self.starts.append(found + 1)
            found = text.find("\n", found + 1)

    def at(self, index: int) -> Position:
        line = bisect.bisect_right(self.starts, index)
        return Position(self.path, line + self.line_offset, index - self.starts[line - 1] + 1)


@dataclass(slots=True)
class Located:
    """A YAML value with the node it came from, to ask positions of."""

    value: Any
    node: yaml.Node | None
    lines: Lines
    _keys: dict[str, yaml.Node] | None = None  # mapping key -> value node, built on first use

    @property
    def path(self) -> str:
        return self.lines.path

    def position(self, node: yaml.Node | None = None) -> Position:
        node = node or self.node
        if node is None:
            return Position(self.path, self.lines.line_offset + 1, 1)
        return self.lines.at(node.start_mark.index)

    def child(self, key: str | int) -> "Located":
        """The value under a mapping key or list index (its own position)."""
        value, node = None, None
        if isinstance(self.value, dict) and key in self.value:
            value, node = self.value[key], self._key_nodes().get(str(key))
        elif isinstance(self.value, list) and isinstance(key, int) and 0 <= key < len(self.value):
            value = self.value[key]
            if isinstance(self.node, yaml.SequenceNode) and key < len(self.node.value):
                node = self.node.value[key]
        return Located(value, node, self.lines)

    def key_position(self, key: str) -> Position:
        """Where the key itself is written (for unknown-key messages)."""
        if isinstance(self.node, yaml.MappingNode):
            for k, _ in self.node.value:
                if isinstance(k, yaml.ScalarNode) and k.value == key:
                    return self.position(k)
        return self.position()

    def items(self) -> Iterator[tuple[Any, "Located"]]:
        if isinstance(self.value, dict):
            for key in self.value:
                yield key, self.child(key)

    def elements(self) -> Iterator["Located"]:
        if isinstance(self.value, list):
            for i in range(len(self.value)):
                yield self.child(i)

    def _key_nodes(self) -> dict[str, yaml.Node]:
        if self._keys is None:
            # Later duplicates win, as they do in the constructed value.
            self._keys = {
                k.value: v for k, v in self.node.value if isinstance(k, yaml.ScalarNode)
            } if isinstance(self.node, yaml.MappingNode) else {}
        return self._keys


def load(text: str, path: str, line_offset: int, report: Report) -> Located | None:
    """Parse one YAML document; on failure report it and return None."""
    lines = Lines(text, path, line_offset)
    unprintable = _UNPRINTABLE.search(text)
    if unprintable:
        char = unprintable.group()
        kind = "control character" if unicodedata.category(char) == "Cc" else "character"
        report.error(lines.at(unprintable.start()), f"invalid YAML: {kind} U+{ord(char):04X} is not allowed here")
        return None
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return Located(None, None, lines)
        _check_duplicate_keys(node, lines, report)
        _place_aliases(node, text)
        value = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = lines.at(min(mark.index, len(text))) if mark else lines.at(0)
        report.error(where, f"invalid YAML: {_describe(exc)}")
        return None
    except yaml.YAMLError as exc:
        report.error(Position(path, line_offset + 1, 1), f"invalid YAML: {exc}")
        return None
    except RecursionError:
        report.error(Position(path, line_offset + 1, 1), "invalid YAML: nested too deeply")
        return None
    finally:
        loader.dispose()
    return Located(value, node, lines)


def _describe(exc: yaml.MarkedYAMLError) -> str:
    problem = exc.problem or "cannot be read"
    if exc.context and "while" not in exc.context:
        return f"{problem} ({exc.context})"
    return problem


def _check_duplicate_keys(root: yaml.Node, lines: Lines, report: Report) -> None:
    # YAML keeps the last of two equal keys without a word; an editor who
    # writes `title:` twice almost always meant something else.
    stack = [root]
    seen_nodes: set[int] = set()
    while stack:
        node = stack.pop()
        if id(node) in seen_nodes:  # aliases can share nodes
            continue
        seen_nodes.add(id(node))
        if isinstance(node, yaml.MappingNode):
            first: dict[str, yaml.Node] = {}
            for k, v in node.value:
                if isinstance(k, yaml.ScalarNode):
                    if k.value in first:
                        line = lines.at(first[k.value].start_mark.index).line
                        report.error(
                            lines.at(k.start_mark.index),
                            f"duplicate key '{k.value}' (first written on line {line})",
                        )
                    else:
                        first[k.value] = k
                stack.append(v)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)


_Slot = tuple[yaml.Node, int, int | None]  # a collection node, an index in it, 0 key / 1 value / None list item


def _place_aliases(root: yaml.Node, text: str) -> None:
    """Give each value written as an alias a node of its own, marked where the alias is.

    PyYAML composes an alias as the anchored node itself, so its mark is the
    anchor's. Met in the order they are written, the second and later
    sightings of one node are the aliases, as many and in the same order as
    the parser's alias events; only a document that has any is parsed again.
    """
    slots: list[_Slot] = []
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, _Slot | None]] = [(root, None)]
    while stack:
        node, slot = stack.pop()
        if id(node) in seen:
            if slot is not None:
                slots.append(slot)
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            children = [(child, (node, i, p)) for i, pair in enumerate(node.value) for p, child in enumerate(pair)]
        elif isinstance(node, yaml.SequenceNode):
            children = [(child, (node, i, None)) for i, child in enumerate(node.value)]
        else:
            continue
        stack.extend(reversed(children))
    if not slots:
        return
    marks = [event.start_mark for event in yaml.parse(text, Loader=_BaseLoader) if isinstance(event, yaml.AliasEvent)]
    for (parent, index, part), mark in zip(slots, marks):
        if part is None:
            parent.value[index] = _marked(parent.value[index], mark)
        else:
            pair = list(parent.value[index])
            pair[part] = _marked(pair[part], mark)
            parent.value[index] = tuple(pair)


def _marked(node: yaml.Node, mark: yaml.Mark) -> yaml.Node:
    # A shallow copy: an aliased list or mapping still shares the anchor's
    # items, which are written, and so reported, at the anchor.
    twin = copy.copy(node)
    twin.start_mark = mark
    return twin
