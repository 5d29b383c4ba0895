"""A real workshop hub, driven over HTTP as a trainer and two participants would use it.

One hub for the whole module (started with ``m4d hub start`` on 127.0.0.1, on free
ports, in a temporary folder); accounts get a random tag so a run never touches
an existing account, and every account, process and folder is removed at the end.
Needs root: the hub creates one system account per participant.
"""
from __future__ import annotations

import json
import os
import pwd
import secrets
import shutil
import stat
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

pytestmark = [pytest.mark.hub, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
ASSIGNMENT = "a1_partner_matching"
WIDGET_NOTEBOOK = "book/m3_decentralised_cooperation/m3_10_activity_partner_matching.ipynb"
COURSE_FOLDER = "course"


class Workshop:
    def __init__(self, url, base, state, group, trainer, participants, passwords, repo):
        self.url, self.base, self.state, self.group = url, base, state, group
        self.trainer, self.participants, self.passwords, self.repo = trainer, participants, passwords, repo


@pytest.fixture(scope="module")
def workshop():
    if os.geteuid() != 0:
        pytest.fail("the hub tests must run as root: the hub creates one system account per participant "
                    "and starts servers as those accounts (run them with sudo, as CI does)")
    from m4d.hub.accounts import remove_workshop
    from m4d.hub.visitor import free_port, stop_hub, wait_for_hub

    tag = secrets.token_hex(3)
    group = f"m4dt{tag}"
    trainer, alice, bob = f"t{tag}", f"a{tag}", f"b{tag}"
    base = Path(tempfile.mkdtemp(prefix="m4d-hub-test-"))
    base.chmod(0o755)  # participants' servers must reach the course repository in it
    repo = base / "course.git"
    subprocess.run(["git", "clone", "--quiet", "--bare", str(ROOT), str(repo)], check=True)
    subprocess.run(["chmod", "-R", "a+rX", str(repo)], check=True)
    port = free_port()
    ports = [free_port() for _ in range(2)]
    state = base / "state"
    log = open(base / "hub.log", "w")
    hub = subprocess.Popen(
        [str(BIN / "m4d"), "hub", "start", "--port", str(port), "--hub-port", str(ports[0]),
         "--proxy-api-port", str(ports[1]), "--state", str(state), "--homes", str(base / "homes"),
         "--group", group, "--trainer", trainer, "--idle-timeout", "600", "--local-repo", str(repo)],
        stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_for_hub(url, timeout=120, process=hub)
        passwords = {role: (state / f"{role}-password").read_text().strip() for role in ("participant", "trainer")}
        yield Workshop(url, base, state, group, trainer, [alice, bob], passwords, repo)
    finally:
        stop_hub(hub, timeout=60)
        log.close()
        remove_workshop(group)
        if os.environ.get("M4D_KEEP_HUB_LOG"):
            shutil.copy(base / "hub.log", os.environ["M4D_KEEP_HUB_LOG"])
        shutil.rmtree(base, ignore_errors=True)


def _logged_in(workshop, name, password):
    from m4d.hub.visitor import Person
    person = Person(workshop.url, name, password)
    r = person.login()
    assert r.status_code == 200, f"login of {name} failed: {r.status_code} {r.url}"
    person.create_token()
    person.wait_until_running()
    return person


@pytest.fixture(scope="module")
def trainer(workshop):
    return _logged_in(workshop, workshop.trainer, workshop.passwords["trainer"])


@pytest.fixture(scope="module")
def alice(workshop):
    return _logged_in(workshop, workshop.participants[0], workshop.passwords["participant"])


@pytest.fixture(scope="module")
def bob(workshop):
    return _logged_in(workshop, workshop.participants[1], workshop.passwords["participant"])


@pytest.fixture(scope="module")
def alice_kernel(alice):
    kernel = alice.kernel("scratch.ipynb")
    yield kernel
    kernel.close()


def _page_config(person) -> dict:
    html = person.server("GET", "lab").text
    start = html.index('id="jupyter-config-data"')
    start = html.index(">", start) + 1
    return json.loads(html[start:html.index("</script>", start)])


# --- accounts and servers -------------------------------------------------------------

def test_trainer_and_participants_get_running_servers_under_their_own_private_accounts(workshop, trainer, alice, bob):
    for person in (trainer, alice, bob):
        entry = pwd.getpwnam(person.name)
        home = Path(entry.pw_dir)
        assert home.parent == workshop.base / "homes"
        assert stat.S_IMODE(home.stat().st_mode) == 0o700
        assert home.stat().st_uid == entry.pw_uid
        status = person.server("GET", "api/status")
        assert status.status_code == 200
    users = trainer.hub_api("GET", "users").json()
    running = {u["name"] for u in users if u["servers"].get("", {}).get("ready")}
    assert {trainer.name, alice.name, bob.name} <= running
    assert {u["name"]: u["admin"] for u in users}[trainer.name] is True
    assert {u["name"]: u["admin"] for u in users}[alice.name] is False


def test_kernel_runs_as_the_participant_in_the_course_environment(alice, alice_kernel):
    result = alice_kernel.run("import os, pwd, m4d\nprint(pwd.getpwuid(os.getuid()).pw_name, os.getcwd())")
    assert result["error"] is None
    name, cwd = result["text"].split()
    assert name == alice.name
    assert cwd == pwd.getpwnam(alice.name).pw_dir


def test_login_as_a_machine_account_or_with_a_wrong_password_is_refused(workshop):
    from m4d.hub.visitor import Person
    for name, password in (("root", workshop.passwords["participant"]),
                           ("daemon", workshop.passwords["participant"]),
                           (f"x{workshop.group[-6:]}", "not-the-password"),
                           (workshop.trainer, workshop.passwords["participant"])):
        r = Person(workshop.url, name, password).login()
        assert r.status_code == 403, f"{name} got in with status {r.status_code}"
        assert urlsplit(r.url).path.endswith("/hub/login")


def test_lab_has_widgets_and_only_the_trainer_gets_the_formgrader(trainer, alice):
    for person in (trainer, alice):
        config = _page_config(person)
        federated = {ext["name"] for ext in config["federated_extensions"]}
        assert "@jupyter-widgets/jupyterlab-manager" in federated
        assert "@jupyter/nbgrader" in federated
    assert "@jupyter/nbgrader:formgrader" in _page_config(alice)["disabledExtensions"]
    assert "@jupyter/nbgrader:formgrader" not in _page_config(trainer)["disabledExtensions"]
    assert alice.server("GET", "formgrader/api/assignments").status_code == 404
    assert trainer.server("GET", "formgrader/api/assignments").status_code == 200


# --- the course notebooks through nbgitpuller ----------------------------------------------

def test_pull_link_fills_the_participants_home_with_the_course_notebooks(workshop, alice):
    from m4d.hub.link import pull_link
    link = pull_link(workshop.url, str(workshop.repo), branch="main", open_path=WIDGET_NOTEBOOK,
                     folder=COURSE_FOLDER)
    # The link, followed as a browser does: through the hub to the participant's own pull page.
    page = alice.session.get(link, timeout=60)
    assert page.status_code == 200
    assert urlsplit(page.url).path == f"/user/{alice.name}/git-pull"
    # The page's script then asks the server to pull and reads the progress stream.
    query = {k: v[0] for k, v in parse_qs(urlsplit(page.url).query).items()}
    stream = alice.server("GET", "git-pull/api", params=query, stream=True)
    events = [json.loads(line[len("data: "):]) for line in stream.iter_lines(decode_unicode=True)
              if line.startswith("data: ")]
    assert events[-1]["phase"] == "finished", events[-1]
    listing = alice.server("GET", f"api/contents/{COURSE_FOLDER}/book").json()
    modules = {item["name"] for item in listing["content"] if item["type"] == "directory"}
    assert {"m1_migration_is_local", "m3_decentralised_cooperation"} <= modules
    home = Path(pwd.getpwnam(alice.name).pw_dir)
    notebook = home / COURSE_FOLDER / WIDGET_NOTEBOOK
    assert notebook.stat().st_uid == pwd.getpwnam(alice.name).pw_uid
    assert (workshop.base / "course.git").exists()


def test_participant_runs_a_widget_notebook_to_the_end(alice):
    path = f"{COURSE_FOLDER}/{WIDGET_NOTEBOOK}"
    if alice.server("GET", f"api/contents/{path}").status_code != 200:
        pytest.fail("the course notebooks were not pulled (see the nbgitpuller test)")
    notebook = alice.server("GET", f"api/contents/{path}").json()["content"]
    kernel = alice.kernel(path)
    try:
        targets = []
        cells = [c for c in notebook["cells"] if c["cell_type"] == "code"]
        assert cells
        for cell in cells:
            source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            result = kernel.run(source)
            assert result["error"] is None, f"cell failed in the participant's kernel: {result['error']}\n{source[:300]}"
            targets += result["comm_targets"]
        assert "jupyter.widget" in targets, "the notebook made no widget in the kernel"
    finally:
        kernel.close()


# --- nbgrader through the exchange ------------------------------------------------------

def _mark(person, path, marker):
    """The participant writes something of their own into the notebook and saves it."""
    model = person.server("GET", f"api/contents/{path}").json()
    model["content"]["metadata"]["m4d_test_author"] = marker
    r = person.server("PUT", f"api/contents/{path}", json={"type": "notebook", "content": model["content"]})
    assert r.status_code == 200


def test_assignment_released_fetched_submitted_collected_and_autograded(workshop, trainer, alice, bob, alice_kernel):
    course = Path(pwd.getpwnam(trainer.name).pw_dir) / "m4d-course"
    for step in ("assign", "release"):
        r = trainer.server("POST", f"formgrader/api/assignment/{ASSIGNMENT}/{step}")
        assert r.status_code == 200 and r.json()["success"], r.text[-2000:]

    for person in (alice, bob):
        listed = person.server("GET", "assignments", params={"course_id": "m4d"}).json()
        assert listed["success"], listed
        assert ASSIGNMENT in {a["assignment_id"] for a in listed["value"] if a["status"] == "released"}
        r = person.server("POST", "assignments/fetch", data={"course_id": "m4d", "assignment_id": ASSIGNMENT})
        assert r.json()["success"], r.text
        _mark(person, f"{ASSIGNMENT}/{ASSIGNMENT}.ipynb", f"written by {person.name}")
        r = person.server("POST", "assignments/submit", data={"course_id": "m4d", "assignment_id": ASSIGNMENT})
        assert r.json()["success"], r.text

    # Alice then files a later notebook under Bob's name with nbgrader's own command.
    time.sleep(1.1)
    _mark(alice, f"{ASSIGNMENT}/{ASSIGNMENT}.ipynb", f"forged by {alice.name}")
    forged = alice_kernel.run(
        "import subprocess, sys\n"
        f"r = subprocess.run([sys.executable, '-m', 'nbgrader', 'submit', {ASSIGNMENT!r}, '--course', 'm4d',"
        f" '--student', {bob.name!r}], capture_output=True, text=True, cwd=os.path.expanduser('~'))\n"
        "print(r.returncode)")
    assert forged["error"] is None and forged["text"].strip() == "0", forged

    r = trainer.server("POST", f"formgrader/api/assignment/{ASSIGNMENT}/collect")
    assert r.status_code == 200 and r.json()["success"], r.text[-2000:]
    for person in (alice, bob):
        collected = course / "submitted" / person.name / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
        assert json.loads(collected.read_text())["metadata"]["m4d_test_author"] == f"written by {person.name}"

    for person in (alice, bob):
        r = trainer.server("POST", f"formgrader/api/submission/{ASSIGNMENT}/{person.name}/autograde")
        assert r.status_code == 200 and r.json()["success"], r.text[-3000:]
    submissions = trainer.server("GET", f"formgrader/api/submissions/{ASSIGNMENT}").json()
    graded = {s["student"]: s for s in submissions}
    for person in (alice, bob):
        assert graded[person.name]["autograded"] is True
        assert graded[person.name]["max_score"] > 0
        # The release as handed out answers nothing, so it earns nothing.
        assert graded[person.name]["score"] == 0


# --- isolation ------------------------------------------------------------------------------

def _denied(kernel, code: str) -> str:
    result = kernel.run(code)
    return result["error"] or ""


def test_participant_cannot_read_a_classmates_home_or_the_trainers_course(workshop, trainer, bob, alice_kernel):
    bob_home = pwd.getpwnam(bob.name).pw_dir
    course = Path(pwd.getpwnam(trainer.name).pw_dir) / "m4d-course"
    assert (course / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").exists()
    for code in (f"os.listdir({bob_home!r})",
                 f"open({bob_home + '/.bashrc'!r}).read()",
                 f"os.listdir({str(course / 'source')!r})",
                 f"open({str(course / 'source' / ASSIGNMENT / (ASSIGNMENT + '.ipynb'))!r}).read()",
                 f"open({str(course / 'gradebook.db')!r}, 'rb').read()"):
        assert _denied(alice_kernel, "import os\n" + code).startswith("PermissionError"), code


def test_participant_cannot_list_submissions_or_take_over_the_exchange(workshop, bob, alice_kernel):
    exchange = workshop.state / "exchange"
    inbound = exchange / "m4d" / "inbound"
    assert any(p.name.startswith(bob.name + "+") for p in inbound.iterdir())
    assert _denied(alice_kernel, f"import os\nos.listdir({str(inbound)!r})").startswith("PermissionError")
    assert _denied(alice_kernel, f"import os\nos.rename({str(exchange / 'm4d')!r}, "
                                 f"{str(exchange / 'stolen')!r})").startswith("PermissionError")
    assert _denied(alice_kernel, f"import os\nos.listdir({str(workshop.state)!r})").startswith("PermissionError")


def test_participant_cannot_use_the_hub_admin_api_or_a_classmates_server(workshop, alice, bob):
    assert alice.hub_api("GET", "users").status_code == 403
    assert alice.hub_api("GET", f"users/{bob.name}").status_code in (403, 404)
    assert alice.hub_api("DELETE", f"users/{bob.name}/server").status_code in (403, 404)
    assert alice.hub_api("POST", "users/newcomer").status_code == 403
    escalation = alice.hub_api("POST", f"users/{alice.name}/tokens", json={"scopes": ["admin:users"]})
    assert escalation.status_code in (400, 403) and "token" not in escalation.json()
    assert bob.server("GET", "api/contents", token=alice.token).status_code == 403
