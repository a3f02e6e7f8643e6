"""Writing proposals into the registry (`actors.yaml`) as an editor would: the file is
edited as text, so its comments and layout stay as they are.

- a new person is appended at the end, in the file's style (`- name:`, flow lists), under
  one comment line that says where the entries came from;
- an existing entry gets its new alias or country by editing just that entry's lines,
  found through the YAML node marks;
- the result must load (`load_registry`) before it replaces the file, all at once
  (`write_atomic`); if it would not, the file is left untouched.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from .corrections import Proposal
from .errors import SiteError
from .files import shown, write_atomic
from .registry import RegistryError, _Loader, load_registry

HEADER = "# --- Learnt from editors' corrections (site-builder actors --apply) ---"
NEW_FILE = (
    "# Registry of people for the site. Editors own this file.\n"
    "# One entry per person: name, aliases, country, roles ({role:, country:, from:, to:}).\n"
)


@dataclass
class Insertion:
    at: int
    text: str
    end: int = -1
    """When set, the text replaces at..end."""


def editable(path: Path, planned: list[Proposal]) -> None:
    """Changes to a person whose entry is not in this file (a registry that also holds
    people from elsewhere, such as a shipped gazetteer) become conflicts: an editor adds
    the entry by hand."""
    try:
        text = path.read_text(encoding="utf-8") if path.exists() else ""
    except (OSError, UnicodeDecodeError) as error:
        raise SiteError(f"{shown(path)}: cannot read: {error}") from None
    entries = _entry_nodes(text, path)
    for proposal in planned:
        if proposal.person is None or not proposal.changes or _entry_of(entries, proposal) is not None:
            continue
        listed = ", ".join(f"{change.kind} {change.value}" for change in proposal.changes)
        proposal.conflicts.append(f"not an entry of {shown(path)} ({listed}): add one by hand")
        proposal.changes.clear()


def _entry_of(entries: dict[int, yaml.Node], proposal: Proposal) -> yaml.Node | None:
    """The entry of the proposal's person in this file: at its line, with its name."""
    node = entries.get(proposal.person.line)
    if isinstance(node, yaml.MappingNode):
        names = [value.value for key, value in node.value if key.value == "name" and isinstance(value, yaml.ScalarNode)]
        if names and " ".join(names[0].split()) == proposal.person.name:
            return node
    return None


def apply(path: Path, planned: list[Proposal]) -> int:
    """Write the proposals' changes into the registry at `path`; returns how many were
    written. SiteError (file untouched) when the result would not load."""
    try:
        text = path.read_bytes().decode("utf-8") if path.exists() else NEW_FILE  # line endings as they are
    except (OSError, UnicodeDecodeError) as error:
        raise SiteError(f"{shown(path)}: cannot read: {error}") from None
    new_text = edited(text, planned, path)
    count = sum(len(proposal.changes) for proposal in planned)
    if new_text == text or not count:
        return 0
    _check_loads(new_text, path)
    write_atomic(path, new_text, prefix=".actors-")
    return count


def edited(text: str, planned: list[Proposal], path: Path) -> str:
    """The registry's text with the proposals written in (a file with Windows line
    endings keeps them)."""
    if "\r\n" in text:
        return _edited(text.replace("\r\n", "\n"), planned, path).replace("\n", "\r\n")
    return _edited(text, planned, path)


def _edited(text: str, planned: list[Proposal], path: Path) -> str:
    entries = _entry_nodes(text, path)
    edits: list[Insertion] = []
    for proposal in planned:
        if proposal.person is not None and proposal.changes:
            node = _entry_of(entries, proposal)
            if node is None:
                raise SiteError(f"{shown(path)}:{proposal.person.line}: cannot find {proposal.person.name}'s entry to edit")
            edits.extend(_entry_edits(text, node, proposal, path))
    for edit in sorted(enumerate(edits), key=lambda item: (item[1].at, item[0]), reverse=True):
        edit = edit[1]
        text = text[: edit.at] + edit.text + text[edit.end if edit.end >= 0 else edit.at :]
    new = [proposal for proposal in planned if proposal.new and proposal.changes]
    if new:
        text = text.rstrip("\n") + "\n" if text.strip() else text
        if HEADER not in text:
            text += f"\n{HEADER}\n"
        text += "".join(_new_entry(proposal) for proposal in new)
    return text


def _entry_nodes(text: str, path: Path) -> dict[int, yaml.Node]:
    """Each entry's mapping node, by its 1-based line (Person.line)."""
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise SiteError(f"{shown(path)}:{mark.line + 1 if mark else 1}: invalid YAML") from None
    if root is None:
        return {}
    if not isinstance(root, yaml.SequenceNode) or root.flow_style:
        raise SiteError(f"{shown(path)}:1: not a block list of people (- name: …): add the entries by hand")
    return {item.start_mark.line + 1: item for item in root.value}


def _entry_edits(text: str, node: yaml.Node, proposal: Proposal, path: Path) -> list[Insertion]:
    if not isinstance(node, yaml.MappingNode):
        raise SiteError(f"{shown(path)}:{node.start_mark.line + 1}: {proposal.name}: not a mapping")
    keys = {key.value: (key, value) for key, value in node.value}
    edits = []
    aliases = proposal.aliases()
    if aliases:
        edits.append(_alias_edit(text, node, keys, aliases, path, proposal.name))
    country = proposal.value("country")
    if country:
        edits.append(_country_edit(text, node, keys, country))
    return edits


def _alias_edit(text: str, node: yaml.MappingNode, keys: dict, aliases: list[str], path: Path, name: str) -> Insertion:
    if "aliases" not in keys:
        return _new_key(text, node, keys, f"aliases: {_flow_list(aliases)}")
    key, value = keys["aliases"]
    if isinstance(value, yaml.SequenceNode) and value.flow_style:
        close = value.end_mark.index - 1  # the closing bracket
        separator = ", " if value.value else ""
        return Insertion(close, separator + ", ".join(_scalar(alias, "[{}]") for alias in aliases))
    if isinstance(value, yaml.SequenceNode) and value.value:
        first = value.value[0].start_mark
        dash = text.rfind("-", 0, first.index)
        indent = dash - (text.rfind("\n", 0, dash) + 1)
        end = _line_end(text, _value_end(value.value[-1]))
        return Insertion(end, "".join(f"{' ' * indent}- {_scalar(alias, '- {}')}\n" for alias in aliases))
    raise SiteError(f"{shown(path)}:{key.start_mark.line + 1}: {name}: 'aliases' is not a list; add {', '.join(aliases)} by hand")


def _country_edit(text: str, node: yaml.MappingNode, keys: dict, country: str) -> Insertion:
    if "country" in keys and isinstance(keys["country"][1], yaml.ScalarNode) and keys["country"][1].value:
        value = keys["country"][1]
        return Insertion(value.start_mark.index, _scalar(country, "k: {}"), value.end_mark.index)
    if "country" in keys:  # `country:` with no value
        key = keys["country"][0]
        return Insertion(_line_end(text, key.end_mark.index) - 1, f" {_scalar(country, 'k: {}')}")
    return _new_key(text, node, keys, f"country: {_scalar(country, 'k: {}')}", after=("aliases", "name"))


def _new_key(text: str, node: yaml.MappingNode, keys: dict, line: str, after: tuple[str, ...] = ("name",)) -> Insertion:
    """A `key: value` added to an entry: a line after the key named first in `after`
    that the entry has (a flow mapping `{…}` gets it before its closing brace)."""
    if node.flow_style:
        return Insertion(node.end_mark.index - 1, f", {line}")
    anchor = next((keys[key] for key in after if key in keys), None) or next(iter(keys.values()))
    key, value = anchor
    return Insertion(_line_end(text, _value_end(value)), f"{' ' * key.start_mark.column}{line}\n")


def _value_end(node: yaml.Node) -> int:
    """Where a value's text ends (a block list ends with its last item)."""
    if isinstance(node, (yaml.SequenceNode, yaml.MappingNode)) and not node.flow_style and node.value:
        last = node.value[-1]
        return _value_end(last[1] if isinstance(last, tuple) else last)
    return node.end_mark.index


def _line_end(text: str, index: int) -> int:
    """The start of the line after the one `index` is on (index itself when it starts a line)."""
    if index > 0 and text[index - 1] == "\n":
        return index
    end = text.find("\n", index)
    return len(text) if end < 0 else end + 1


def _new_entry(proposal: Proposal) -> str:
    lines = [f"- name: {_scalar(proposal.name, 'k: {}')}"]
    if proposal.aliases():
        lines.append(f"  aliases: {_flow_list(proposal.aliases())}")
    country = proposal.value("country")
    if country:
        lines.append(f"  country: {_scalar(country, 'k: {}')}")
    role = proposal.value("role")
    if role:
        facts = f"role: {_scalar(role, '{{role: {}}}')}" + (f", country: {_scalar(country, '{{k: {}}}')}" if country else "")
        lines.extend(["  roles:", f"    - {{{facts}}}"])
    return "\n".join(lines) + "\n"


def _flow_list(values: list[str]) -> str:
    return "[" + ", ".join(_scalar(value, "[{}]") for value in values) + "]"


def _scalar(value: str, probe: str) -> str:
    """`value` as YAML in the place `probe` shows ({} stands for it): plain when it reads
    back as the same text there, else double-quoted."""
    try:
        plain_ok = "#" not in value and _read_back(probe.format(value)) == _read_back(probe.format(json.dumps(value, ensure_ascii=False)))
    except yaml.YAMLError:
        plain_ok = False
    return value if plain_ok else json.dumps(value, ensure_ascii=False)


def _read_back(text: str):
    return yaml.load(text, Loader=_Loader)


def _check_loads(text: str, path: Path) -> None:
    """Refuse (SiteError, file untouched) a registry that would not load."""
    with tempfile.TemporaryDirectory(prefix="actors-check-") as folder:
        candidate = Path(folder) / path.name
        candidate.write_text(text, encoding="utf-8")
        try:
            load_registry(candidate)
        except RegistryError as error:
            message = str(error).replace(str(candidate), shown(path))
            raise SiteError(f"{message} (after applying; {shown(path)} left unchanged)") from None
