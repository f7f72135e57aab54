"""Russian news articles in, per-topic briefings out.

Library API (the CLI in generator.cli is a thin layer over it)::

    from generator import load_config, build, check
    config = load_config("briefings.yml")
    report = build(config)
"""

__version__ = "0.1.0"

from .config import Config, Topic, load_config
from .errors import BriefingsError
from .pipeline import build, check, extract_files

__all__ = ["BriefingsError", "Config", "Topic", "__version__", "build", "check", "extract_files", "load_config"]
