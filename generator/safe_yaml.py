"""Reading YAML written by people: PyYAML's SafeLoader (tags such as
``!!python/object`` are refused, never run), plus two refusals it lacks: a key
given twice in one mapping (PyYAML silently keeps the last) and a document
whose aliases expand past a sane size (the "billion laughs" bomb)."""

from __future__ import annotations

import yaml

MAX_ALIASES = 100  # a config or front matter needs a few, a bomb needs thousands


class DuplicateKeyError(yaml.constructor.ConstructorError):
    pass


class _Loader(yaml.SafeLoader):
    def __init__(self, stream):
        super().__init__(stream)
        self.aliases = 0

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            self.aliases += 1
            if self.aliases > MAX_ALIASES:
                event = self.peek_event()
                raise yaml.composer.ComposerError(
                    None, None, f"more than {MAX_ALIASES} aliases ('*name'): refused", event.start_mark
                )
        return super().compose_node(parent, index)

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if key is not None and key in seen:
                raise DuplicateKeyError(None, None, f"key '{key}' appears twice", key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def load(text: str):
    """yaml.safe_load with the refusals above. Raises yaml.YAMLError (with a
    problem_mark), ValueError (an impossible date) or RecursionError."""
    loader = _Loader(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def compose(text: str):
    """The node tree (for line numbers in messages)."""
    loader = _Loader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()
