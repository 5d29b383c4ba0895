"""A real workshop hub, used as a trainer and two participants use it.

One hub for the whole module (started with ``m4d hub start`` on 127.0.0.1, on free
ports, in a temporary folder), so the tests run in order, like a workshop: servers
and accounts, the course link, a widget and a map in JupyterLab, then the whole
nbgrader cycle in Chromium (driven by Playwright) with a restart of the hub in the
middle, then the trainer's guide's commands typed in the trainer's terminal, then
what participants must not reach. Accounts get a random tag so a run never touches
an existing account; every account, process and folder is removed at the end.
Needs root: the hub creates one system account per participant.
"""
from __future__ import annotations

import json
import os
import platform
import pwd
import re
import secrets
import shutil
import stat
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import nbformat
import pytest

from tests.process_memory import readable_pages

pytestmark = [pytest.mark.hub, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
ASSIGNMENT = "a1_partner_matching"
NOTEBOOK = f"{ASSIGNMENT}/{ASSIGNMENT}.ipynb"
WIDGET_NOTEBOOK = "book/m3_decentralised_cooperation/m3_10_activity_partner_matching.ipynb"
GUIDE = [ROOT / "book" / "trainers" / f"trainers_0{i}_{name}.md" for i, name in ((1, "before"), (2, "during"), (3, "after"))]
# Requests that may leave the machine, each with the reason (the list should be empty).
ALLOWED_OUTSIDE = {
    # nbgrader 0.9's formgrade and feedback templates call nbconvert's mathjax() macro
    # without an argument, so its CDN default is written into the page whatever
    # HTMLExporter.mathjax_url says. Offline, only math in those pages stays as TeX.
    "https://cdnjs.cloudflare.com/ajax/libs/mathjax/2.7.7/latest.js?config=TeX-AMS_CHTML-full,Safe":
        "nbgrader formgrade/feedback templates: mathjax() with nbconvert's CDN default",
}
WRITTEN_ANSWER = "I would approach the first-ranked candidate, because its diaspora association is active."
COMMENT = "Good reasoning; say which data would change your mind."


class Workshop:
    """The hub under test; :meth:`restart` stops it and starts it again on the same state."""

    def __init__(self, base: Path, group: str, trainer: str, participants: list[str], repo: Path):
        from m4d.hub.visitor import free_port
        self.base, self.group, self.trainer, self.participants, self.repo = base, group, trainer, participants, repo
        self.state = base / "state"
        port, hub_port, api_port = free_port(), free_port(), free_port()
        self.url = f"http://127.0.0.1:{port}/"
        self.argv = [str(BIN / "m4d"), "hub", "start", "--port", str(port), "--hub-port", str(hub_port),
                     "--proxy-api-port", str(api_port), "--state", str(self.state), "--homes", str(base / "homes"),
                     "--group", group, "--trainer", trainer, "--idle-timeout", "900", "--local-repo", str(repo)]
        self.process = None
        self.starts = 0

    def start(self) -> None:
        from m4d.hub.visitor import wait_for_hub
        self.starts += 1
        log = open(self.base / f"hub-{self.starts}.log", "w")
        self.process = subprocess.Popen(self.argv, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        log.close()
        wait_for_hub(self.url, timeout=240, process=self.process)
        self.passwords = {role: (self.state / f"{role}-password").read_text().strip()
                          for role in ("participant", "trainer")}

    def stop(self) -> None:
        from m4d.hub.visitor import stop_hub
        if self.process is not None and self.process.poll() is None:
            stop_hub(self.process, timeout=90)

    def restart(self) -> None:
        self.stop()
        self.start()

    def log(self) -> str:
        return "".join(p.read_text(errors="replace") for p in sorted(self.base.glob("hub-*.log")))


@pytest.fixture(scope="module")
def workshop():
    if os.geteuid() != 0:
        pytest.fail("the hub tests must run as root: the hub creates one system account per participant "
                    "and starts servers as those accounts (run them with sudo, as CI does)")
    from m4d.hub.accounts import remove_workshop

    tag = secrets.token_hex(3)
    base = Path(tempfile.mkdtemp(prefix="m4d-hub-test-"))
    base.chmod(0o755)  # participants' servers must reach the course repository in it
    repo = base / "course.git"
    subprocess.run(["git", "clone", "--quiet", "--bare", str(ROOT), str(repo)], check=True)
    subprocess.run(["chmod", "-R", "a+rX", str(repo)], check=True)
    hub = Workshop(base, f"m4dt{tag}", f"t{tag}", [f"a{tag}", f"b{tag}"], repo)
    try:
        hub.start()
        yield hub
    finally:
        hub.stop()
        remove_workshop(hub.group)
        if os.environ.get("M4D_KEEP_HUB_LOG"):
            Path(os.environ["M4D_KEEP_HUB_LOG"]).write_text(hub.log())
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(scope="module")
def people(workshop):
    """The trainer and both participants, logged in at once (as a room does) and each
    with a running server: {name: Person}."""
    from concurrent.futures import ThreadPoolExecutor

    from m4d.hub.visitor import Person
    accounts = [(workshop.trainer, workshop.passwords["trainer"])] + \
        [(name, workshop.passwords["participant"]) for name in workshop.participants]

    def log_in(account):
        person = Person(workshop.url, *account)
        r = person.login()  # JupyterHub starts the server as the login finishes
        assert r.status_code == 200, f"login of {person.name} failed: {r.status_code} {r.url}"
        person.create_token()
        person.wait_until_running()
        return person

    with ThreadPoolExecutor(len(accounts)) as pool:
        return {person.name: person for person in pool.map(log_in, accounts)}


@pytest.fixture(scope="module")
def trainer(workshop, people):
    return people[workshop.trainer]


@pytest.fixture(scope="module")
def alice(workshop, people):
    return people[workshop.participants[0]]


@pytest.fixture(scope="module")
def bob(workshop, people):
    return people[workshop.participants[1]]


def _kernel(person, path="scratch.ipynb"):
    return person.kernel(path)


@pytest.fixture
def alice_kernel(alice):
    kernel = _kernel(alice)
    yield kernel
    kernel.close()


def _page_config(person) -> dict:
    html = person.server("GET", "lab").text
    start = html.index('id="jupyter-config-data"')
    start = html.index(">", start) + 1
    return json.loads(html[start:html.index("</script>", start)])


def _home(name) -> Path:
    return Path(pwd.getpwnam(name).pw_dir)


# --- accounts and servers -------------------------------------------------------------

def test_trainer_and_participants_get_running_servers_under_their_own_private_accounts(workshop, trainer, alice, bob):
    for person in (trainer, alice, bob):
        entry = pwd.getpwnam(person.name)
        home = Path(entry.pw_dir)
        assert home.parent == workshop.base / "homes"
        assert stat.S_IMODE(home.stat().st_mode) == 0o700
        assert home.stat().st_uid == entry.pw_uid
        assert person.server("GET", "api/status").status_code == 200
    users = trainer.hub_api("GET", "users").json()
    running = {u["name"] for u in users if u["servers"].get("", {}).get("ready")}
    assert {trainer.name, alice.name, bob.name} <= running
    assert {u["name"]: u["admin"] for u in users}[trainer.name] is True
    assert {u["name"]: u["admin"] for u in users}[alice.name] is False


def _descendants(pid: int) -> list[int]:
    found, stack = [], [pid]
    while stack:
        current = stack.pop()
        try:
            children = [int(c) for c in Path(f"/proc/{current}/task/{current}/children").read_text().split()]
        except FileNotFoundError:
            continue
        found += children
        stack += children
    return found


def test_servers_start_from_the_fork_server_which_never_holds_a_participants_token(workshop, trainer, alice, bob):
    # Its children keep its command line (a fork does not change it): the root one is the fork server.
    forks = [pid for pid in _descendants(workshop.process.pid)
             if b"m4d.hub.forkserver" in Path(f"/proc/{pid}/cmdline").read_bytes()
             and Path(f"/proc/{pid}").stat().st_uid == 0]
    assert len(forks) == 1, "the hub runs one fork server"
    fork = forks[0]
    children = [int(c) for c in Path(f"/proc/{fork}/task/{fork}/children").read_text().split()]
    for person in (trainer, alice, bob):
        uid = pwd.getpwnam(person.name).pw_uid
        [server] = [pid for pid in children if Path(f"/proc/{pid}").stat().st_uid == uid]
        # The server's environment was set after the fork (/proc/PID/environ still shows
        # the fork server's): its token is read from the server's own memory ...
        tokens = {m.group(1) for region in readable_pages(server)
                  for m in re.finditer(rb"JUPYTERHUB_API_TOKEN=([0-9a-f]{32,})\0", region)}
        assert len(tokens) == 1, f"{person.name}'s server has one API token"
        [token] = tokens
        # ... and is nowhere in the root process every later server is a copy of.
        assert not any(token in region for region in readable_pages(fork)), f"the fork server holds {person.name}'s token"


def test_kernel_runs_as_the_participant_on_the_python_the_course_was_installed_with(alice, alice_kernel):
    result = alice_kernel.run(
        "import os, platform, pwd, m4d, bs4\n"
        "print(pwd.getpwuid(os.getuid()).pw_name, os.getcwd(), platform.python_version())\n"
        # soupsieve needs 3.11.5: on Debian's 3.11.2 this selector (nbconvert's) raised.
        "print(len(bs4.BeautifulSoup('<img src=a><img src=b alt=x>', 'html.parser').select('img:not([alt])')))")
    assert result["error"] is None, result["error"]
    first, second = result["text"].splitlines()
    name, cwd, version = first.split()
    assert name == alice.name and cwd == str(_home(alice.name))
    assert version == platform.python_version()
    assert second == "1"


def test_login_as_a_machine_account_or_with_a_wrong_password_is_refused(workshop):
    from m4d.hub.visitor import Person
    for name, password in (("root", workshop.passwords["participant"]),
                           ("daemon", workshop.passwords["participant"]),
                           (f"x{workshop.group[-6:]}", "not-the-password"),
                           (workshop.trainer, workshop.passwords["participant"])):
        r = Person(workshop.url, name, password).login()
        assert r.status_code == 403, f"{name} got in with status {r.status_code}"
        assert urlsplit(r.url).path.endswith("/hub/login")


def test_lab_renders_lessons_has_widgets_asks_for_no_news_and_only_the_trainer_gets_the_formgrader(trainer, alice):
    for person in (trainer, alice):
        config = _page_config(person)
        federated = {ext["name"] for ext in config["federated_extensions"]}
        assert {"@jupyter-widgets/jupyterlab-manager", "@jupyter/nbgrader", "jupyterlab-myst",
                "jupyterlab-jupytext"} <= federated
        assert "@jupyterlab/apputils-extension:announcements" in config["disabledExtensions"]
        # The hub's settings are the defaults JupyterLab starts from (people may still change them).
        notification = person.server("GET", "lab/api/settings/@jupyterlab/apputils-extension:notification").json()
        assert notification["schema"]["properties"]["fetchNews"]["default"] == "false"
        assert notification["schema"]["properties"]["checkForUpdates"]["default"] is False
        viewers = person.server("GET", "lab/api/settings/@jupyterlab/docmanager-extension:plugin").json()
        assert viewers["schema"]["properties"]["defaultViewers"]["default"]["markdown"] == "Jupytext Notebook"
    assert "@jupyter/nbgrader:formgrader" in _page_config(alice)["disabledExtensions"]
    assert "@jupyter/nbgrader:formgrader" not in _page_config(trainer)["disabledExtensions"]
    assert alice.server("GET", "formgrader/api/assignments").status_code == 404
    assert trainer.server("GET", "formgrader/api/assignments").status_code == 200


def test_only_the_formgrader_may_be_framed_and_its_links_keep_the_servers_prefix(trainer, alice):
    def policy(person, path):
        return person.server("GET", path).headers.get("Content-Security-Policy", "")
    assert "frame-ancestors 'self'" in policy(trainer, "formgrader/manage_assignments")
    for person, path in ((trainer, "lab"), (trainer, "api/status"), (alice, "lab")):
        assert "frame-ancestors 'none'" in policy(person, path), path
    script = trainer.server("GET", "formgrader/static/js/utils.js").text
    assert '.attr("href", base_url + prefix + path)' in script


# --- the course notebooks through nbgitpuller ----------------------------------------------

def _pull(workshop, person, repo, branch):
    from m4d.hub.link import COURSE_FOLDER, pull_link
    link = pull_link(workshop.url, str(repo), branch=branch, open_path=WIDGET_NOTEBOOK)
    # The link, followed as a browser does: through the hub to the participant's own pull page.
    page = person.session.get(link, timeout=60)
    assert page.status_code == 200
    assert urlsplit(page.url).path == f"/user/{person.name}/git-pull"
    # The page's script then asks the server to pull and reads the progress stream.
    query = {k: v[0] for k, v in parse_qs(urlsplit(page.url).query).items()}
    stream = person.server("GET", "git-pull/api", params=query, stream=True)
    events = [json.loads(line[len("data: "):]) for line in stream.iter_lines(decode_unicode=True)
              if line.startswith("data: ")]
    assert events[-1]["phase"] == "finished", events[-1]
    listing = person.server("GET", f"api/contents/{COURSE_FOLDER}/book").json()
    modules = {item["name"] for item in listing["content"] if item["type"] == "directory"}
    assert {"m1_migration_is_local", "m3_decentralised_cooperation"} <= modules
    notebook = _home(person.name) / COURSE_FOLDER / WIDGET_NOTEBOOK
    assert notebook.stat().st_uid == pwd.getpwnam(person.name).pw_uid


def test_pull_link_from_a_local_repository_fills_the_home_with_the_course_in_its_own_folder(workshop, alice):
    _pull(workshop, alice, workshop.repo, "main")


def test_pull_link_from_the_repository_the_hub_runs_from_works_offline(workshop, bob):
    from m4d.hub.environment import reachable_by_everyone
    from m4d.hub.link import current_branch, git_folders
    if not all(reachable_by_everyone(folder) for folder in git_folders(ROOT)):
        pytest.skip(f"workshop accounts cannot read {ROOT} (a clone in a private folder)")
    # The start banner hands out exactly this link: the hub's own repository, no internet.
    banner = next(line for line in workshop.log().splitlines() if "course notebooks:" in line)
    query = {k: v[0] for k, v in parse_qs(urlsplit(banner.split("course notebooks:")[1].strip()).query).items()}
    assert query["repo"] == str(ROOT)
    _pull(workshop, bob, ROOT, current_branch(ROOT))


def test_participant_runs_a_widget_notebook_to_the_end(alice):
    from m4d.hub.link import COURSE_FOLDER
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


def test_maps_in_jupyterlab_take_their_outlines_from_the_participants_own_server(alice, alice_kernel):
    result = alice_kernel.run(
        "import plotly.graph_objects as go\nfrom m4d.figures import show\n"
        "show(go.Figure(go.Scattergeo(lon=[8.7, 10.2], lat=[35.2, 43.8])), alt='Kasserine and Florence on a map')\n"
        "go.Figure(go.Choropleth(locations=['TUN'], z=[1]))")
    assert result["error"] is None, result["error"]
    figures = [d["application/vnd.plotly.v1+json"] for d in result["data"] if "application/vnd.plotly.v1+json" in d]
    assert len(figures) == 2  # the course's show() and a figure as a cell's value
    for figure in figures:
        url = figure["config"]["topojsonURL"]
        assert url == f"/user/{alice.name}/m4d/topojson/"
    # What plotly.js then asks for, from the same server (the book's own copy of the outlines).
    outlines = alice.server("GET", "m4d/topojson/world_110m.json")
    assert outlines.status_code == 200
    assert {"countries", "land"} <= set(outlines.json()["objects"])


# --- the whole cycle, in the browser -----------------------------------------------------

@pytest.fixture(scope="module")
def browser():
    from tests.site_browser import chromium
    with chromium() as launched:
        yield launched


class Visit:
    """One person's browser (own cookies), which records any request that leaves the machine."""

    def __init__(self, browser, workshop, name, password):
        self.workshop, self.name, self.password = workshop, name, password
        self.context = browser.new_context(viewport={"width": 1400, "height": 900})
        self.context.set_default_timeout(120_000)
        self.outside = []
        self.context.on("request", lambda r: self.outside.append(r.url)
                        if not r.url.startswith(("http://127.0.0.1", "data:", "blob:", "about:"))
                        and r.url not in ALLOWED_OUTSIDE else None)
        self.page = self.context.new_page()

    def login(self, wait: bool = True) -> None:
        """Log in through the form; without ``wait``, return as JupyterLab starts loading
        (so that several people's browsers load it at the same time)."""
        page = self.page
        page.goto(self.workshop.url + "hub/login")
        page.fill("#username_input", self.name)
        page.fill("#password_input", self.password)
        page.click("#login_submit")
        if wait:
            self.wait_for_lab()

    def open_lab(self, path: str = "") -> None:
        self.page.goto(self.workshop.url + f"user/{self.name}/lab" + (f"/tree/{path}" if path else ""))
        self.wait_for_lab()

    def wait_for_lab(self) -> None:
        self.page.wait_for_selector("#jp-main-dock-panel", timeout=300_000)

    def menu(self, *items: str) -> None:
        self.page.click(f".lm-MenuBar-itemLabel:text-is('{items[0]}')")
        for item in items[1:]:
            self.page.click(f".lm-Menu-itemLabel:text-is('{item}')")

    def close(self) -> None:
        self.context.close()


def _formgrader(visit):
    visit.menu("Nbgrader", "Formgrader")
    frame = visit.page.frame_locator("iframe[src*='formgrader']").last
    frame.locator("#main-table").wait_for()
    return frame


def _formgrader_action(frame, link, timeout=600_000) -> str:
    """Click a formgrader button and read its answer (a success or an error dialog)."""
    link.click()
    dialog = frame.locator("#success-modal, #error-modal").first
    dialog.wait_for(timeout=timeout)
    text = dialog.inner_text()
    ok = dialog.get_attribute("id") == "success-modal"
    dialog.locator(".modal-footer button").click()
    dialog.wait_for(state="detached")
    assert ok, text[-3000:]
    return text


def _assignment_list(visit):
    visit.menu("Nbgrader", "Assignment List")
    panel = visit.page.locator("#nbgrader-assignment-list, .nbgrader-AssignmentList, [id*='assignment-list']").first
    panel.wait_for()
    return visit.page


def _answer_like_a_student_who_solved_it(person):
    """The code answers of the instructor's solution, put in through the contents API
    (typing thirty lines of code adds nothing to the test; the written answer is typed)."""
    source = nbformat.read(ROOT / "exercises" / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)
    solutions = {c.metadata["nbgrader"]["grade_id"]: c.source for c in source.cells
                 if c.cell_type == "code" and c.metadata.get("nbgrader", {}).get("solution")}
    model = person.server("GET", f"api/contents/{NOTEBOOK}").json()
    for cell in model["content"]["cells"]:
        grade_id = cell["metadata"].get("nbgrader", {}).get("grade_id")
        if grade_id in solutions:
            cell["source"] = solutions[grade_id]
    r = person.server("PUT", f"api/contents/{NOTEBOOK}", json={"type": "notebook", "content": model["content"]})
    assert r.status_code == 200


def _hidden_test_lines() -> list[str]:
    from m4d.grading.feedback import hidden_lines
    source = nbformat.read(ROOT / "exercises" / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)
    lines = hidden_lines(source)
    assert lines, "the assignment has hidden tests"
    return lines


def _submission_scores(trainer) -> dict:
    return {s["student"]: s for s in trainer.server("GET", f"formgrader/api/submissions/{ASSIGNMENT}").json()}


def _mark(step, started=[]):
    # Where the cycle's time goes (shown with -rP): seconds since the cycle began.
    started.append(time.monotonic()) if not started else None
    print(f"cycle {time.monotonic() - started[0]:7.1f} s  {step}", flush=True)


def test_workshop_cycle_in_the_browser_loses_nothing_when_the_hub_restarts(workshop, browser, trainer, alice, bob):
    _mark("start")
    people = {trainer.name: trainer, alice.name: alice, bob.name: bob}
    visits = {name: Visit(browser, workshop, name, workshop.passwords["trainer" if name == trainer.name else "participant"])
              for name in people}
    try:
        for visit in visits.values():  # the three log in at once, as in a room
            visit.login(wait=False)
        for visit in visits.values():
            visit.wait_for_lab()
        teacher = visits[trainer.name]
        _mark("logged in (3 browsers)")

        # The trainer finds every assignment of the course (the capstone A4 too) in the
        # formgrader, inside JupyterLab, and generates and releases A1.
        frame = _formgrader(teacher)
        frame.locator("#main-table tr", has_text=ASSIGNMENT).wait_for()
        listed = frame.locator("#main-table").inner_text()
        course = sorted(p.name for p in (ROOT / "exercises" / "source").iterdir() if p.is_dir())
        assert "a4_partnership_dossier" in course
        assert [name for name in course if name not in listed] == [], listed
        row = frame.locator("#main-table tr", has_text=ASSIGNMENT)
        _formgrader_action(frame, row.locator("td.assign a"))
        _formgrader_action(frame, row.locator("td.release a"))

        _mark("generated and released")
        # Participants fetch it; Alice works on it (her written answer typed in the
        # notebook), Bob hands in the release as it came; both submit.
        for person in (alice, bob):
            visit = visits[person.name]
            page = _assignment_list(visit)
            page.get_by_role("button", name="Fetch", exact=True).click()
            page.get_by_role("button", name="Submit").first.wait_for()
            assert (_home(person.name) / NOTEBOOK).exists()
        _answer_like_a_student_who_solved_it(alice)
        _mark("fetched (2)")
        visit = visits[alice.name]
        visit.open_lab(NOTEBOOK)
        expected = json.loads((_home(alice.name) / NOTEBOOK).read_text())
        answer_cell = visit.page.locator(".jp-MarkdownCell", has_text="YOUR ANSWER HERE")
        answer_cell.scroll_into_view_if_needed()
        answer_cell.dblclick()
        editor = answer_cell.locator(".cm-content")
        editor.click()
        visit.page.keyboard.press("Control+A")  # inside the cell's editor: its text only
        visit.page.keyboard.type(WRITTEN_ANSWER)
        visit.page.keyboard.press("Control+Enter")  # renders the cell (Shift+Enter would add one)
        visit.page.keyboard.press("Control+S")
        deadline = time.monotonic() + 60
        while WRITTEN_ANSWER not in (_home(alice.name) / NOTEBOOK).read_text() and time.monotonic() < deadline:
            time.sleep(0.5)
        saved = json.loads((_home(alice.name) / NOTEBOOK).read_text())
        changed = [i for i, (a, b) in enumerate(zip(expected["cells"], saved["cells"])) if a["source"] != b["source"]]
        assert len(saved["cells"]) == len(expected["cells"]) and len(changed) == 1, changed
        assert "".join(saved["cells"][changed[0]]["source"]) == WRITTEN_ANSWER
        for person in (alice, bob):
            page = _assignment_list(visits[person.name])
            page.get_by_role("button", name="Submit").first.click()
            deadline = time.monotonic() + 120
            inbound = workshop.state / "exchange" / "m4d" / "inbound"
            while not any(p.name.startswith(person.name + "+") for p in inbound.iterdir()) and time.monotonic() < deadline:
                time.sleep(0.5)
            assert any(p.name.startswith(person.name + "+") for p in inbound.iterdir()), f"{person.name} did not submit"

        _mark("written answer typed, submitted (2)")
        # The trainer collects, grades each submission with the formgrader's button
        # (which runs the course's sandboxed grader), and grades Alice's written answer.
        frame = _formgrader(teacher)
        row = frame.locator("#main-table tr", has_text=ASSIGNMENT)
        _formgrader_action(frame, row.locator("td.collect a"))
        row.locator("td.num-submissions a").click()
        for person in (alice, bob):
            student_row = frame.locator("#main-table tr", has_text=person.name)
            student_row.wait_for()
            _formgrader_action(frame, student_row.locator("td.autograde a"))
        scores = _submission_scores(trainer)
        assert scores[alice.name]["autograded"] and scores[bob.name]["autograded"]
        assert scores[bob.name]["score"] == 0  # the release as handed out answers nothing
        _mark("collected, autograded (2)")
        auto = scores[alice.name]["score"]
        assert auto > 0 and scores[alice.name]["needs_manual_grade"]
        # The course's grader, not nbgrader's own autograde, wrote these grades.
        csv_rows = (_home(trainer.name) / "m4d-course" / "grades" / f"{ASSIGNMENT}.csv").read_text()
        assert alice.name in csv_rows and bob.name in csv_rows
        # The formgrader shows the students by name, not "None, None".
        assert frame.locator("#main-table", has_text="None, None").count() == 0
        frame.locator("#main-table tr", has_text=alice.name).locator("td.student-name a").click()
        frame.locator("#main-table td.name a").first.click()
        manual = frame.locator("input.score.needs_manual_grade").first
        manual.wait_for()
        manual.fill("3")
        manual.press("Tab")
        comment = frame.locator("textarea.comment").last
        comment.fill(COMMENT)
        comment.press("Tab")
        deadline = time.monotonic() + 60
        while _submission_scores(trainer)[alice.name]["score"] != auto + 3 and time.monotonic() < deadline:
            time.sleep(0.5)
        before = _submission_scores(trainer)
        assert before[alice.name]["score"] == auto + 3
        _mark("manual grade saved")

        # The hub restarts in the middle of the workshop (Ctrl-C by mistake, a reboot).
        workshop.restart()
        _mark("hub restarted")
        for person in people.values():  # all three ask at once, then wait
            r = person.hub_api("POST", f"users/{person.name}/server")
            assert r.status_code in (201, 202, 400), r.text
        for person in people.values():
            person.wait_until_running(timeout=300)
        after = _submission_scores(trainer)
        for name in (alice.name, bob.name):
            for key in ("score", "max_score", "autograded", "needs_manual_grade"):
                assert after[name][key] == before[name][key], (name, key)
        assert (_home(trainer.name) / "m4d-course" / "submitted" / alice.name / NOTEBOOK).exists()
        _mark("servers running again")

        # The trainer generates and releases feedback from the formgrader.
        teacher.open_lab()
        frame = _formgrader(teacher)
        row = frame.locator("#main-table tr", has_text=ASSIGNMENT)
        _formgrader_action(frame, row.locator("td.generate-feedback a"))
        _formgrader_action(frame, row.locator("td.release-feedback a"))
        _mark("feedback generated and released")

        # Alice fetches her feedback and reads it: her answer, the trainer's comment,
        # her score, and no hidden test.
        visit = visits[alice.name]
        visit.open_lab()
        page = _assignment_list(visit)
        page.get_by_role("button", name="Fetch Feedback").first.click()
        feedback_dir = _home(alice.name) / ASSIGNMENT / "feedback"
        deadline = time.monotonic() + 120
        while not list(feedback_dir.glob("*/*.html")) and time.monotonic() < deadline:
            time.sleep(0.5)
        [html_file] = list(feedback_dir.glob("*/*.html"))
        relative = html_file.relative_to(_home(alice.name))
        visit.page.goto(workshop.url + f"user/{alice.name}/files/{relative}")
        text = visit.page.locator("body").inner_text()
        assert COMMENT in text and WRITTEN_ANSWER in text
        assert re.search(rf"\b{auto + 3:g}(\.0+)?\b", text), text[:2000]
        page_html = visit.page.content()
        leaked = [line for line in _hidden_test_lines() if line in page_html]
        assert not leaked, f"the feedback shows hidden tests: {leaked[:3]}"
        _mark("feedback fetched and read")

        for visit in visits.values():
            assert not visit.outside, f"{visit.name}'s browser asked the internet for {visit.outside[:5]}"
    finally:
        shots = os.environ.get("M4D_HUB_SCREENSHOTS")  # where to look when it fails
        for visit in visits.values():
            if shots:
                visit.page.screenshot(path=str(Path(shots) / f"{visit.name}.png"))
            visit.close()


# --- the trainer's guide, as written -------------------------------------------------------

def _guide_commands(css_class: str) -> list[str]:
    commands = []
    for page in GUIDE:
        for block in re.findall(r"```\{code-block\} bash\n((?:[ \t]*:[a-z]+:[^\n]*\n)*)(.*?)```", page.read_text(), re.S):
            options, body = block
            if f":class: {css_class}" in options:
                commands += [line.strip() for line in body.splitlines() if line.strip()]
    return commands


def test_the_trainers_terminal_commands_of_the_guide_work_as_written(workshop, trainer, alice, bob):
    from m4d.hub.visitor import Terminal
    commands = _guide_commands("m4d-trainer-terminal")
    assert any(c.startswith("m4d grade") for c in commands) and any("--return" in c for c in commands), commands
    terminal = Terminal(trainer)
    try:
        for command in commands:
            status, shown = terminal.run(command, timeout=900)
            assert status == 0, f"{command!r} failed in the trainer's terminal:\n{shown[-3000:]}"
    finally:
        terminal.close()
    course = _home(trainer.name) / "m4d-course"
    rows = (course / "grades" / f"{ASSIGNMENT}.csv").read_text()
    assert alice.name in rows and bob.name in rows
    assert (course / "grades" / "export-moodle.csv").exists()
    # --return released feedback: each participant's newest feedback is in the exchange.
    released = list((workshop.state / "exchange" / "m4d" / "feedback").glob("*.html"))
    assert len(released) >= 2


def test_the_hub_machine_commands_of_the_guide_work_as_written():
    commands = [c for c in _guide_commands("m4d-hub-machine") if c.startswith(".venv/bin/m4d")]
    assert commands
    for command in commands:  # as the trainer types them, in the repository's folder
        result = subprocess.run(["bash", "-c", command], capture_output=True, text=True, cwd=ROOT)
        assert result.returncode == 0, result.stderr
        link = result.stdout.strip()
        query = {k: v[0] for k, v in parse_qs(urlsplit(link).query).items()}
        assert link.startswith("https://hub.example.org/hub/user-redirect/git-pull?")
        assert query["repo"] == str(ROOT) and query["targetpath"] == "migration-local-development"


# --- isolation ------------------------------------------------------------------------------

def _denied(kernel, code: str) -> str:
    result = kernel.run(code)
    return result["error"] or ""


def test_participant_cannot_read_a_classmates_home_or_the_trainers_course(workshop, trainer, bob, alice_kernel):
    bob_home = pwd.getpwnam(bob.name).pw_dir
    course = _home(trainer.name) / "m4d-course"
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


def test_participant_cannot_read_the_hubs_database_passwords_or_any_other_state_file(workshop, alice_kernel):
    # Participants' servers need the software (environment/, python/), the role
    # configurations and the exchange; everything else in the state folder is root's.
    shared = ("environment", "python", "jupyter-config", "exchange")
    private = [p for p in workshop.state.iterdir() if p.name not in shared]
    assert {"jupyterhub.sqlite", "participant-password", "trainer-password", "jupyterhub_cookie_secret"} <= \
        {p.name for p in private}
    for path in private:
        assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0, f"{path} is open to other accounts"
    probe = alice_kernel.run(
        "import json\nopened = []\n"
        f"for path in {json.dumps([str(p) for p in private])}:\n"
        "    try:\n        open(path, 'rb').read(1)\n        opened.append(path)\n"
        "    except PermissionError:\n        pass\n"
        "print(json.dumps(opened))")
    assert probe["error"] is None, probe["error"]
    assert json.loads(probe["text"]) == []


def test_participant_cannot_find_or_read_a_classmates_feedback(workshop, bob, alice_kernel):
    outbound_feedback = workshop.state / "exchange" / "m4d" / "feedback"
    assert list(outbound_feedback.glob("*.html")), "feedback was released (see the cycle test)"
    bob_feedback = next((_home(bob.name) / ASSIGNMENT / "feedback").glob("*/*.html"), None) \
        if (_home(bob.name) / ASSIGNMENT / "feedback").exists() else None
    assert _denied(alice_kernel, f"import os\nos.listdir({str(outbound_feedback)!r})").startswith("PermissionError")
    if bob_feedback is not None:
        assert _denied(alice_kernel, f"open({str(bob_feedback)!r}).read()").startswith("PermissionError")
    # nbgrader names released feedback after a secret of each submission, which only
    # the student's own cache and the trainer's course hold.
    cache = _home(bob.name) / ".local" / "share" / "jupyter" / "nbgrader_cache"
    assert _denied(alice_kernel, f"import os\nos.listdir({str(cache)!r})").startswith("PermissionError")


def test_participant_cannot_use_the_hub_admin_api_or_a_classmates_server(workshop, alice, bob):
    assert alice.hub_api("GET", "users").status_code == 403
    assert alice.hub_api("GET", f"users/{bob.name}").status_code in (403, 404)
    assert alice.hub_api("DELETE", f"users/{bob.name}/server").status_code in (403, 404)
    assert alice.hub_api("POST", "users/newcomer").status_code == 403
    escalation = alice.hub_api("POST", f"users/{alice.name}/tokens", json={"scopes": ["admin:users"]})
    assert escalation.status_code in (400, 403) and "token" not in escalation.json()
    assert bob.server("GET", "api/contents", token=alice.token).status_code == 403
