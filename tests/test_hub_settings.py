"""The workshop hub's pure parts: settings, passwords, the nbgitpuller link, role files."""
from __future__ import annotations

import json
import shutil
import stat
import tempfile
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from m4d.errors import InputError
from m4d.hub.environment import reachable_by_everyone
from m4d.hub.link import default_folder, pull_link
from m4d.hub.passwords import TRAINER_MIN, WorkshopPasswords, load_or_create
from m4d.hub.roles import write_role_configs
from m4d.hub.settings import WorkshopSettings, check_account_name


def test_settings_listen_on_loopback_unless_told_otherwise():
    settings = WorkshopSettings()
    assert settings.host == "127.0.0.1"
    assert settings.public_url == "http://127.0.0.1:8000/"


@pytest.mark.parametrize("kwargs, fragment", [
    ({"host": "example.org"}, "not an IP address"),
    ({"port": 70000}, "port number"),
    ({"port": 8081}, "must all differ"),
    ({"admins": ()}, "at least one trainer"),
    ({"admins": ("Root Admin",)}, "cannot be used"),
    ({"idle_timeout": 5}, "at least 60 seconds"),
    ({"course": Path("/nonexistent")}, "not an nbgrader course folder"),
    ({"base_url": "hub"}, "must start and end with '/'"),
])
def test_settings_reject_what_cannot_work_with_a_message(kwargs, fragment):
    with pytest.raises(InputError, match=fragment):
        WorkshopSettings(**kwargs)


def test_settings_round_trip_through_environment_variables(tmp_path):
    settings = WorkshopSettings(port=9000, hub_port=9001, proxy_api_port=9002, state=tmp_path,
                                admins=("amina", "li"), local_repositories=(tmp_path / "course.git",))
    assert WorkshopSettings.from_environment(settings.to_environment()) == settings


def test_environment_variable_that_is_not_a_number_is_explained():
    with pytest.raises(InputError, match="M4D_HUB_PORT must be a whole number"):
        WorkshopSettings.from_environment({"M4D_HUB_PORT": "eighty"})


@pytest.mark.parametrize("name", ["root-", "a" * 31, "amina", "li_2"])
def test_valid_account_names_pass(name):
    assert check_account_name(name) == name


@pytest.mark.parametrize("name", ["", "Amina", "1st", "a+b", "a*", "../x", "a" * 32, "amina "])
def test_account_names_that_nbgrader_or_useradd_would_choke_on_are_refused(name):
    with pytest.raises(InputError):
        check_account_name(name)


def test_passwords_are_made_once_kept_private_and_reused(tmp_path):
    first = load_or_create(tmp_path, environ={})
    again = load_or_create(tmp_path, environ={})
    assert first == again
    assert len(first.trainer) >= TRAINER_MIN and first.participant != first.trainer
    for role in ("participant", "trainer"):
        assert stat.S_IMODE((tmp_path / f"{role}-password").stat().st_mode) == 0o600


def test_passwords_given_in_the_environment_win_and_are_checked(tmp_path):
    chosen = load_or_create(tmp_path, environ={"M4D_HUB_PARTICIPANT_PASSWORD": "room-4-migration"})
    assert chosen.participant == "room-4-migration"
    with pytest.raises(InputError, match="at least 8"):
        load_or_create(tmp_path, environ={"M4D_HUB_PARTICIPANT_PASSWORD": "short"})
    with pytest.raises(InputError, match="must differ"):
        WorkshopPasswords(participant="x" * 40, trainer="x" * 40)


def test_pull_link_targets_the_hub_and_opens_the_chosen_page():
    link = pull_link("https://hub.example.org/", "https://github.com/m4d-course/course.git",
                     branch="main", open_path="book/m3_decentralised_cooperation/index.md")
    parts = urlsplit(link)
    assert parts.netloc == "hub.example.org"
    assert parts.path == "/hub/user-redirect/git-pull"
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    assert query == {"repo": "https://github.com/m4d-course/course.git", "branch": "main",
                     "targetpath": "course", "urlpath": "lab/tree/course/book/m3_decentralised_cooperation/index.md"}


def test_pull_link_accepts_a_repository_on_the_hub_machine():
    link = pull_link("http://127.0.0.1:8100", "/srv/course.git", folder="m4d")
    query = {k: v[0] for k, v in parse_qs(urlsplit(link).query).items()}
    assert query["repo"] == "/srv/course.git" and query["targetpath"] == "m4d"
    assert default_folder("file:///srv/course.git/") == "course"


@pytest.mark.parametrize("hub, folder", [("hub.example.org", None), ("https://h/", "../etc")])
def test_pull_link_refuses_a_bad_hub_address_or_folder(hub, folder):
    with pytest.raises(InputError):
        pull_link(hub, "https://github.com/m4d-course/course", folder=folder)


def test_participants_get_the_assignment_list_but_not_the_formgrader(tmp_path):
    folders = write_role_configs(tmp_path, Path("/srv/ex"), "m4d")
    server = json.loads((folders["participant"] / "jupyter_server_config.json").read_text())
    extensions = server["ServerApp"]["jpserver_extensions"]
    assert extensions["nbgrader.server_extensions.formgrader"] is False
    assert "nbgrader.server_extensions.assignment_list" not in extensions  # left on
    lab = json.loads((folders["participant"] / "labconfig" / "page_config.json").read_text())
    assert lab["disabledExtensions"]["@jupyter/nbgrader:formgrader"] is True
    assert not (folders["trainer"] / "jupyter_server_config.json").exists()
    for role in ("participant", "trainer"):
        config = (folders[role] / "nbgrader_config.py").read_text()
        assert "c.Exchange.root = '/srv/ex'" in config and "course_id = 'm4d'" in config
    assert "OwnerCheckedCollect" in (folders["trainer"] / "nbgrader_config.py").read_text()


def test_a_folder_without_access_for_others_makes_its_files_unreachable():
    base = Path(tempfile.mkdtemp(prefix="m4d-reach-"))  # in /tmp, which everyone may enter
    try:
        base.chmod(0o755)
        inner = base / "private" / "python"
        inner.parent.mkdir()
        inner.write_text("")
        inner.chmod(0o755)
        inner.parent.chmod(0o700)
        assert not reachable_by_everyone(inner)
        inner.parent.chmod(0o755)
        assert reachable_by_everyone(inner)
    finally:
        shutil.rmtree(base)
