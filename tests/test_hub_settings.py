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
from m4d.hub.roles import COURSE_FOLDER, LAB_SETTINGS, write_role_configs
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


def test_pull_link_targets_the_hub_and_opens_the_chosen_page_in_a_folder_named_after_the_course():
    link = pull_link("https://hub.example.org/", "https://github.com/m4d-course/course.git",
                     branch="main", open_path="book/m3_decentralised_cooperation/index.md")
    parts = urlsplit(link)
    assert parts.netloc == "hub.example.org"
    assert parts.path == "/hub/user-redirect/git-pull"
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    # The folder is the course's name, not the repository's ("course.git"), nor the
    # trainer's nbgrader folder.
    assert query == {"repo": "https://github.com/m4d-course/course.git", "branch": "main",
                     "targetpath": "migration-local-development",
                     "urlpath": "lab/tree/migration-local-development/book/m3_decentralised_cooperation/index.md"}
    assert query["targetpath"] != COURSE_FOLDER


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
    trainer_server = json.loads((folders["trainer"] / "jupyter_server_config.json").read_text())
    assert trainer_server["ServerApp"]["jpserver_extensions"]["m4d.hub.formgrader"] is True
    assert "m4d.hub.formgrader" not in extensions
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


def test_both_roles_get_rendered_lessons_no_news_and_a_terminal_that_keeps_path(tmp_path):
    folders = write_role_configs(tmp_path, Path("/srv/ex"), "m4d", python="/srv/env/bin/python")
    for role in ("participant", "trainer"):
        server = json.loads((folders[role] / "jupyter_server_config.json").read_text())
        shell = server["ServerApp"]["terminado_settings"]["shell_command"]
        assert shell[0] == "/bin/bash" and "-l" not in shell and "--login" not in shell
        assert "/etc/bash.bashrc" in Path(shell[shell.index("--rcfile") + 1]).read_text()
        assert server["ServerApp"]["jpserver_extensions"]["jupyter_lsp"] is False
        assert server["LabApp"]["news_url"] is None
        overrides = json.loads((Path(server["LabApp"]["app_settings_dir"]) / "overrides.json").read_text())
        assert overrides == LAB_SETTINGS
        assert overrides["@jupyterlab/docmanager-extension:plugin"]["defaultViewers"]["markdown"] == "Jupytext Notebook"
        lab = json.loads((folders[role] / "labconfig" / "page_config.json").read_text())
        assert lab["disabledExtensions"]["@jupyterlab/apputils-extension:announcements"] is True
    kernel = json.loads((folders["data"] / "kernels" / "python3" / "kernel.json").read_text())
    assert kernel["argv"][0] == "/srv/env/bin/python"
    assert "--InteractiveShellApp.extra_extensions=m4d.hub.kernel" in kernel["argv"]


def test_python_version_check_names_the_packages_that_do_not_support_it(tmp_path):
    from m4d.hub.environment import unsupported_packages
    for name, spec in (("soupsieve", ">=3.11.5"), ("oldlib", "<3.9"), ("anylib", None)):
        info = tmp_path / f"{name}-1.0.dist-info"
        info.mkdir()
        (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n"
                                       + (f"Requires-Python: {spec}\n" if spec else ""))
    assert unsupported_packages("3.11.2", tmp_path) == [("oldlib 1.0", "<3.9"), ("soupsieve 1.0", ">=3.11.5")]
    assert unsupported_packages("3.11.7", tmp_path) == [("oldlib 1.0", "<3.9")]


def test_the_course_environment_supports_the_python_it_runs_on():
    import platform
    import sys
    from m4d.hub.environment import site_packages_of, unsupported_packages
    assert unsupported_packages(platform.python_version(), site_packages_of(Path(sys.prefix))) == []


def test_kernel_extension_points_plotly_figures_at_the_servers_own_outlines():
    from m4d.hub.kernel import PLOTLY_MIMETYPE, outlines_url, with_local_outlines
    url = outlines_url({"JUPYTERHUB_SERVICE_PREFIX": "/user/amina/"})
    assert url == "/user/amina/m4d/topojson/"
    assert outlines_url({}) is None
    bundle = {PLOTLY_MIMETYPE: {"data": [{"type": "scattergeo"}], "layout": {}}, "text/plain": "map"}
    out = with_local_outlines(bundle, url)
    assert out[PLOTLY_MIMETYPE]["config"] == {"topojsonURL": url}
    assert "config" not in bundle[PLOTLY_MIMETYPE]  # the figure itself is not changed
    chosen = {PLOTLY_MIMETYPE: {"data": [], "layout": {}, "config": {"topojsonURL": "/mine/"}}}
    assert with_local_outlines(chosen, url)[PLOTLY_MIMETYPE]["config"]["topojsonURL"] == "/mine/"
    assert with_local_outlines({"text/plain": "x"}, url) == {"text/plain": "x"}


def test_the_outlines_the_server_serves_are_the_ones_the_book_uses():
    from m4d.book_extension import TOPOJSON_DIR
    from m4d.hub.lab_assets import topojson_folder
    from m4d.hub.settings import REPOSITORY
    assert topojson_folder() == REPOSITORY / TOPOJSON_DIR
    assert (topojson_folder() / "world_110m.json").is_file()


_PRELOAD_AUDIT = r'''
import json, os, sys
from m4d.hub.forkserver import preload, refresh_per_person_state

def person(mark):
    for name in ("HOME", "USER", "JUPYTERHUB_USER", "JUPYTERHUB_API_TOKEN", "JUPYTERHUB_SERVICE_PREFIX",
                 "JUPYTERHUB_API_URL", "JUPYTERHUB_CLIENT_ID", "JUPYTER_CONFIG_PATH", "M4D_WORKSHOP_ROLE"):
        os.environ[name] = f"/{mark}/{name}"

def captured(mark):
    found, seen = [], set()
    def scan(value, where, depth):
        if id(value) in seen or depth > 3:
            return
        seen.add(id(value))
        if isinstance(value, str):
            if mark in value:
                found.append(where)
        elif isinstance(value, (list, tuple, set, frozenset)):
            for i, item in enumerate(list(value)):
                scan(item, f"{where}[{i}]", depth + 1)
        elif isinstance(value, dict):
            for key, item in list(value.items()):
                scan(item, f"{where}[{key!r}]", depth + 1)
    for name, module in list(sys.modules.items()):
        if module is None or name in ("os", "__main__", "__mp_main__"):  # __mp_main__: multiprocessing's alias of this script
            continue
        for key, value in list(vars(module).items()):
            if key != "environ":
                scan(value, f"{name}.{key}", 0)
    return found

first, second = "first" + "-person", "second" + "-person"  # not written whole in this script (sys.orig_argv)
person(first)
report = preload()
before = captured(first)
person(second)
refresh_per_person_state()
print(json.dumps({"report": report, "before": before, "after": captured(first), "refreshed": captured(second)}))
'''
# What the fork server may keep from its own environment: the user site folder, which a
# virtual environment (the servers' Python) never puts on the path.
_NOT_PER_PERSON = {"sysconfig._CONFIG_VARS['userbase']"}


def test_preloading_for_the_fork_server_keeps_nothing_of_a_person_that_a_server_would_use():
    import subprocess
    import sys
    result = subprocess.run([sys.executable, "-s", "-c", _PRELOAD_AUDIT], capture_output=True, text=True,
                            cwd="/", timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    found = json.loads(result.stdout.splitlines()[-1])
    assert not found["report"]["failed"], found["report"]["failed"]
    assert {"jupyter_server.serverapp", "jupyterhub.singleuser.extension"} <= set(found["report"]["preloaded"])
    # The scan sees what a module computes from the environment at import (send2trash:
    # where deleted files go, from HOME) ...
    assert "send2trash.plat_other.HOMETRASH" in found["before"]
    # ... and once a child has its person's environment, nothing of the first is left.
    assert set(found["after"]) <= _NOT_PER_PERSON, found["after"]
    assert "send2trash.plat_other.HOMETRASH" in found["refreshed"]
