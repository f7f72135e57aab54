import pytest

from generator.config import load_config
from generator.errors import ConfigError

GOOD = """\
seeds: seeds
topics:
  - id: economy
    title: Экономика
    terms: [товарооборот]
"""


def write(tmp_path, text):
    path = tmp_path / "briefings.yml"
    path.write_text(text, "utf-8")
    return path


def test_repo_config_has_the_four_topics_in_order(repo_config):
    assert [t.id for t in repo_config.topics] == ["economy", "culture", "youth", "middle-corridor"]
    assert [t.title for t in repo_config.topics] == ["Экономика", "Культура", "Молодёжь", "Средний коридор"]


def test_a_fifth_topic_is_a_config_change(tmp_path):
    config = load_config(write(tmp_path, GOOD + "  - id: energy\n    title: Энергетика\n    terms: [нефть]\n"))
    assert [t.id for t in config.topics] == ["economy", "energy"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (GOOD + "colour: red\n", "line 6: unknown key 'colour'"),
        (GOOD.replace("seeds: seeds", "seeds: 5"), "line 1: key 'seeds' must be str"),
        (GOOD.replace("id: economy", "id: ../etc"), "line 3: topics[0].id '../etc' is not a safe file name"),
        (GOOD.replace("id: economy", "id: a/b"), "is not a safe file name"),
        (GOOD.replace("    title: Экономика\n", ""), "topics[0] has no 'title'"),
        (
            GOOD.replace("terms: [товарооборот]", "terms: [товарооборот]\n    weight: 2"),
            "line 6: unknown key 'topics.0.weight'",
        ),
        ("topics: [\n", "invalid YAML"),
        ("seeds: seeds\n", "key 'topics' is missing"),
        (GOOD.replace("seeds: seeds", "seeds: ../elsewhere"), "must be a folder inside the project"),
    ],
)
def test_config_errors_name_file_line_and_key(tmp_path, text, message):
    with pytest.raises(ConfigError) as err:
        load_config(write(tmp_path, text))
    assert message in err.value.message
    assert "briefings.yml" in err.value.message


def test_missing_config_file(tmp_path):
    with pytest.raises(ConfigError, match="config file not found"):
        load_config(tmp_path / "nope.yml")
