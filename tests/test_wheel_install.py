"""`pip install m4d` as a practitioner gets it: the wheel, core dependencies only, in a fresh venv, no network.

The wheel is built from this checkout; its dependencies come from the wheels
that `make env` downloaded into .venv/wheelhouse (pandas 3 and pandas 2), so
the test needs no index. Each command-line tool then runs on the data shipped
in the wheel and on a CSV file written the way a planning office would.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
WHEELHOUSE = ROOT / ".venv" / "wheelhouse"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
                    "-q", "-w", str(out), str(ROOT)], check=True, cwd=out)
    (built,) = out.glob("m4d-*.whl")
    return built


def fresh_install(folder: Path, wheel: Path, pandas: str) -> Path:
    if not (WHEELHOUSE / ".complete").exists():
        pytest.fail("The wheels of the core dependencies are missing: run `make env` (it fills .venv/wheelhouse).")
    venv.EnvBuilder(with_pip=True, clear=True).create(folder)
    python = folder / "bin" / "python"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
    env["PIP_CONFIG_FILE"] = os.devnull  # only the wheelhouse, whatever this machine's pip is set to
    subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-index", "--find-links", str(WHEELHOUSE),
                    str(wheel), f"pandas{pandas}"], check=True, env=env)
    return folder / "bin" / "m4d"


def planning_office_files(folder: Path) -> dict[str, Path]:
    """CSV files as an office would save them from a spreadsheet (illustrative values)."""
    files = {
        "candidates": "partner,migrant_group,associations,dc_experience,resources,proximity,distance_km\n"
                      "Oujda,1200,3,4,6,7,1900\nNador,2600,5,2,4,8,1750\nBerkane,800,1,6,7,7,2050\n",
        "corridors": "home,partner,score\nTown A,Oujda,0.8\nTown A,Nador,0.6\nTown B,Nador,0.9\nTown B,Berkane,0.4\n",
        "lines": "line_id,year,category,description,amount\nL1,2026,staff,Coordinator,30000\n"
                 "L2,2026,training,Workshops,12000\nL3,2027,monitoring_evaluation,Baseline and evaluation,3000\n",
        "sources": "source_id,name,kind,form,cap,max_share,eligible_categories\n"
                   "own,City budget,own_budget,cash,15000,1,staff;training;monitoring_evaluation\n"
                   "donor,Cooperation fund,national_government,cash,40000,0.8,staff;training;monitoring_evaluation\n",
        "strata": "stratum,population,sd\ncentre,6200,0.49\nsuburbs,3900,0.4\nrural,1800,0.3\n",
        "households": "district,sex,status\n" + "North,female,migrant\n" * 3 + "North,male,migrant\n" * 9
                      + "North,female,non_migrant\n" * 14 + "North,male,non_migrant\n" * 11
                      + "South,female,migrant\n" * 8 + "South,male,migrant\n" * 7
                      + "South,female,non_migrant\n" * 2 + "South,male,non_migrant\n" * 16,
    }
    paths = {}
    for name, text in files.items():
        paths[name] = folder / f"{name}.csv"
        paths[name].write_text(text, encoding="utf-8")
    return paths


@pytest.mark.parametrize("pandas", [">=3", "<3"])
def test_the_core_install_runs_every_command_on_shipped_and_own_data(tmp_path, wheel, pandas):
    m4d = fresh_install(tmp_path / "venv", wheel, pandas)
    python = m4d.parent / "python"
    version = subprocess.run([str(python), "-c", "import pandas; print(pandas.__version__)"],
                             capture_output=True, text=True, check=True).stdout
    assert version.startswith("3" if pandas == ">=3" else "2")
    extras = subprocess.run([str(python), "-c", "import importlib.util as u; "
                             "print([m for m in ('nbgrader', 'jupyterhub', 'jupyter_book', 'statsmodels', "
                             "'frictionless', 'matplotlib', 'psycopg2') if u.find_spec(m)])"],
                            capture_output=True, text=True, check=True).stdout
    assert extras.strip() == "[]", "the core install pulled in an extra's package"
    files = planning_office_files(tmp_path)
    shipped = subprocess.run([str(python), "-c", "from m4d.datasets import DATASETS_DIR; print(DATASETS_DIR)"],
                             capture_output=True, text=True, check=True).stdout.strip()
    commands = [
        (["data", "list"], "region_households"),
        (["data", "check", "region_households"], "all values fit the schema"),
        (["partners", "rank", "--home", "Murcia"], "top choice"),
        (["partners", "rank", str(files["candidates"]), "--weights",
          "migrant_group=3,associations=2,resources=1,distance_km=1", "--less", "distance_km"], "top choice"),
        (["partners", "match", str(files["corridors"]), "--method", "stable"], "Town A"),
        (["budget", "check"], "Balance"),
        (["budget", "allocate", "--lines", str(files["lines"]), "--sources", str(files["sources"])],
         "meets every rule"),
        (["agreement", "build", "--example"], "#"),
        (["survey", "sample-size", "--margin", "0.05", "--design-effect", "1.5", "--population", "60",
          "--response-rate", "0.5"], "households to contact:       60"),
        (["survey", "screen", "--target", "400", "--prevalence", "0.2"], "2000"),
        (["survey", "allocate", str(files["strata"]), "--n", "300", "--method", "neyman"], "centre,"),
        (["survey", "disaggregate", f"{shipped}/region_households.csv", "--rows", "municipality_id",
          "--columns", "migration_status"], "x"),
        (["survey", "disaggregate", str(files["households"]), "--rows", "district", "--columns", "sex", "status"],
         "x"),
        (["survey", "questionnaire", str(tmp_path / "form.xlsx")], "checked with pyxform"),
    ]
    # One process runs every command through the console script's own entry point (m4d.cli:main),
    # so the toolbox is imported once; the console script itself is run once at the end.
    driver = tmp_path / "run_commands.py"
    driver.write_text(
        "import contextlib, io, json, sys\n"
        "from m4d.cli import main\n"
        "results = []\n"
        "for args in json.load(open(sys.argv[1])):\n"
        "    out, err = io.StringIO(), io.StringIO()\n"
        "    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):\n"
        "        try:\n"
        "            status = main(args)\n"
        "        except BaseException as exc:\n"
        "            status = f'raised {type(exc).__name__}: {exc}'\n"
        "    results.append([status, out.getvalue(), err.getvalue()])\n"
        "json.dump(results, open(sys.argv[2], 'w'))\n", encoding="utf-8")
    (tmp_path / "commands.json").write_text(json.dumps([a for a, _ in commands] + [["grade", "a1"]]))
    subprocess.run([str(python), str(driver), str(tmp_path / "commands.json"), str(tmp_path / "results.json")],
                   check=True, cwd=tmp_path, timeout=600)
    results = json.loads((tmp_path / "results.json").read_text())
    for (args, expected), (status, out, err) in zip(commands, results):
        assert status in (0, 1), (args, status, err)
        assert expected in out, (args, out[-500:], err[-500:])
    # A grading command without the grading extra ends with a message (exit status 2), not a traceback.
    status, _, err = results[-1]
    assert status == 2, (status, err)
    done = subprocess.run([str(m4d), "--version"], capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 0 and done.stdout.startswith("m4d ")
