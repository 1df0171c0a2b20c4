"""Where the files are: `Paths` names them in plain strings spelled exactly as pathlib would
print them (the messages that name a file read as they did when these were pathlib paths),
and LEGDAY_HOME is read exactly as pathlib reads it."""

from __future__ import annotations

import marshal
import os
from pathlib import Path

import platformdirs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from legday.paths import Paths, home_override_text, locate

_PARTS = st.sampled_from(["", "/", "//", "///", ".", "..", "~", "~nobody-here", "a", "b c", "x."])
_HOMES = st.sampled_from(["/home/someone", "/home/someone/", "//net/home", "relative/home", "/"])


def pathlib_reading(value: str) -> str:
    """What legday made of LEGDAY_HOME when it used pathlib on every path."""
    return str(Path(value.strip()).expanduser().absolute())


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=st.lists(_PARTS, min_size=1, max_size=6).map("".join), home=_HOMES)
def test_legday_home_is_read_exactly_as_pathlib_reads_it(
    tmp_path: Path, value: str, home: str
) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HOME", home)
        patch.setenv("LEGDAY_HOME", value)
        patch.chdir(tmp_path)
        if not value.strip():
            assert home_override_text() is None
            return
        try:
            expected = pathlib_reading(value)
        except RuntimeError:  # "~name" of no such user
            with pytest.raises(RuntimeError):
                home_override_text()
            return
        assert home_override_text() == expected


@pytest.mark.parametrize(
    "value",
    ["/srv/legday", "/srv/legday/", "//srv/legday", "~/legday", "rel/../legday", " /srv/x y "],
)
def test_every_path_is_spelled_as_pathlib_prints_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("LEGDAY_HOME", value)
    monkeypatch.chdir(tmp_path)

    paths = locate()

    home = Path(pathlib_reading(value))
    assert paths.data_dir == paths.config_dir == str(home)
    assert_spelled_as_pathlib(paths, home, home)


def assert_spelled_as_pathlib(paths: Paths, data_dir: Path, config_dir: Path) -> None:
    """Each file of `paths` is the str() of the pathlib path legday used to build it."""
    assert paths.sessions_file == str(data_dir / "sessions.jsonl")
    assert paths.rest_weeks_file == str(data_dir / "rest_weeks.json")
    assert paths.config_file == str(config_dir / "config.toml")
    assert paths.lock_file == str(data_dir / ".legday.lock")
    assert paths.sync_lock_file == str(data_dir / ".legday-sync.lock")
    assert paths.backup_dir == str(data_dir / "backups")
    assert paths.devices_dir == str(data_dir / "devices")
    assert paths.device_file("box") == str(data_dir / "devices" / "box.jsonl")
    assert paths.to_json("box") == {
        "data_dir": str(data_dir),
        "sessions_file": str(data_dir / "devices" / "box.jsonl"),
        "config_file": str(config_dir / "config.toml"),
        "device": "box",
        "device_file": str(data_dir / "devices" / "box.jsonl"),
    }


@pytest.mark.parametrize("folder", ["/a", "/a/", "//a//b/", "///a/./b", "/", "//", "///"])
def test_paths_made_from_text_or_pathlib_are_spelled_as_pathlib_prints_them(folder: str) -> None:
    # Whatever it is given (a test's tmp_path, platformdirs' text), Paths keeps pathlib's
    # spelling: no trailing slash, no doubled or "." parts, "//" a root of its own.
    from_text, from_pathlib = Paths(folder, "/c/"), Paths(Path(folder), Path("/c/"))

    assert from_text == from_pathlib
    assert from_text.data_dir == str(Path(folder))
    assert_spelled_as_pathlib(from_text, Path(folder), Path("/c"))


def test_without_legday_home_the_platform_dirs_are_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("LEGDAY_HOME")
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_DATA_HOME", f"{tmp_path}/data/")
    monkeypatch.setenv("XDG_CONFIG_HOME", f"{tmp_path}//config")

    paths = locate()

    data_dir = Path(platformdirs.user_data_dir("legday", appauthor=False))
    config_dir = Path(platformdirs.user_config_dir("legday", appauthor=False))
    assert paths == Paths(data_dir=data_dir, config_dir=config_dir)
    assert_spelled_as_pathlib(paths, data_dir, config_dir)
    assert str(tmp_path) in paths.config_file
    # Locating creates nothing but its own small cache (see below).
    assert os.listdir(tmp_path) == [".cache"]
    assert os.listdir(tmp_path / ".cache" / "legday") == ["dirs.marshal"]


def platformdirs_answer() -> tuple[str, str]:
    return (
        str(Path(platformdirs.user_data_dir("legday", appauthor=False))),
        str(Path(platformdirs.user_config_dir("legday", appauthor=False))),
    )


@pytest.fixture
def default_user(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No LEGDAY_HOME and no XDG variables: a HOME of the test's own."""
    monkeypatch.delenv("LEGDAY_HOME")
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    return tmp_path


def located() -> tuple[str, str]:
    where = locate()
    return where.data_dir, where.config_dir


def test_the_remembered_default_folders_are_platformdirs_answer(default_user: Path) -> None:
    first, second = located(), located()

    assert first == second == platformdirs_answer()
    assert second[0] == f"{default_user}/.local/share/legday"


@pytest.mark.parametrize("name", ["XDG_DATA_HOME", "XDG_CONFIG_HOME", "HOME"])
def test_a_remembered_answer_is_not_reused_once_platformdirs_would_answer_otherwise(
    name: str, default_user: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    located()
    monkeypatch.setenv("XDG_CACHE_HOME", str(default_user / ".cache"))  # the same cache file
    monkeypatch.setenv(name, str(default_user / "elsewhere"))

    assert located() == platformdirs_answer()
    assert "elsewhere" in "".join(located())


def test_each_environment_keeps_its_own_answer(
    default_user: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # cron and a terminal differ (SHELL, say): each keeps its remembered answer.
    monkeypatch.setenv("XDG_DATA_HOME", str(default_user / "cron"))
    cron = located()
    monkeypatch.setenv("XDG_DATA_HOME", str(default_user / "terminal"))
    terminal = located()
    cache = marshal.loads((default_user / ".cache" / "legday" / "dirs.marshal").read_bytes())

    assert len(cache["answers"]) == 2
    assert cron != terminal == platformdirs_answer()


DAMAGED = [
    b"{damaged",
    marshal.dumps({"key": 1}),
    marshal.dumps([]),
    marshal.dumps({"key": [], "env": 3}),
    marshal.dumps({"key": [], "env": [], "answers": []})[:-3],  # torn
]


@pytest.mark.parametrize("data", DAMAGED)
def test_a_damaged_cache_is_ignored(data: bytes, default_user: Path) -> None:
    cache = default_user / ".cache" / "legday" / "dirs.marshal"
    cache.parent.mkdir(parents=True)
    cache.write_bytes(data)

    assert located() == platformdirs_answer()
    assert marshal.loads(cache.read_bytes())["answers"][0][1:] == list(platformdirs_answer())


def test_a_cache_that_cannot_be_written_changes_nothing(default_user: Path) -> None:
    (default_user / ".cache").write_text("not a folder", encoding="utf-8")

    assert located() == located() == platformdirs_answer()


def test_paths_compare_by_value() -> None:
    one = Paths(data_dir="/a", config_dir="/b")

    assert one == Paths("/a", "/b") == Paths(Path("/a"), Path("/b"))
    assert one != Paths("/a", "/a")
    assert len({one, Paths("/a", "/b")}) == 1
    assert "data_dir='/a'" in repr(one)
