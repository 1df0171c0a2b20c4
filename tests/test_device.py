"""Device identity: unique per machine, never stored in (or copied with) the data folder."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs
import pytest

from legday import device
from legday.errors import UsageError


@pytest.fixture
def no_override(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LEGDAY_DEVICE", raising=False)


@pytest.mark.usefixtures("no_override")
def test_the_default_name_is_the_host_and_a_checksum_of_the_machine_id(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = tmp_path / "one", tmp_path / "two"
    first.write_text("3d1219c7c4c5404aaa1f6d2a48adfda4\n")
    second.write_text("00000000000000000000000000000001\n")
    monkeypatch.setattr(device, "MACHINE_ID_FILES", (str(first),))
    name = device.current_device()
    host = os.uname().nodename.split(".")[0]
    assert name.startswith(host[:10])
    assert device.is_device_name(name)
    assert "3d1219c7" not in name  # the machine id itself is never published
    assert device.current_device() == name  # stable
    monkeypatch.setattr(device, "MACHINE_ID_FILES", (str(second),))
    assert device.current_device() != name  # another machine, another file


@pytest.mark.usefixtures("no_override")
def test_without_a_machine_id_a_random_id_is_kept_outside_the_data_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, legday_home: Path
) -> None:
    state = tmp_path / "state"
    monkeypatch.setattr(device, "MACHINE_ID_FILES", (str(tmp_path / "missing"),))
    monkeypatch.setattr(platformdirs, "user_state_dir", lambda *_a, **_k: str(state))
    name = device.current_device()
    assert device.current_device() == name
    assert (state / "device-id").stat().st_mode & 0o777 == 0o600
    assert not legday_home.exists() or not any(legday_home.rglob("device-id"))
    (state / "device-id").unlink()  # another machine (or a reinstall): another name
    assert device.current_device() != name


def test_legday_device_names_the_device(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LEGDAY_DEVICE", "phone")
    assert device.current_device() == "phone"


@pytest.mark.parametrize("bad", ["../etc", "a b", ".hidden", "x" * 65, "a.sync-conflict-1"])
def test_an_unusable_legday_device_is_refused(monkeypatch: pytest.MonkeyPatch, bad: str) -> None:
    monkeypatch.setenv("LEGDAY_DEVICE", bad)
    with pytest.raises(UsageError, match="LEGDAY_DEVICE"):
        device.current_device()
