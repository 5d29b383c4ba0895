"""Three editions of the book from the same sources: ``/en/``, ``/fr/`` and ``/es/``.

Each edition is an ordinary Jupyter Book build whose configuration is the
book's ``_config.yml`` with the language's own small file laid over it
(``locales/<language>/_config.yml``: the language, the title). Each edition
builds into its own folder, so each keeps its own Sphinx environment and its
own execution cache: notebooks are executed with ``M4D_LANG`` set to the
edition's language (quizzes, figures and widget snapshots come out in that
language), and a rebuild executes only what changed, edition by edition.

:func:`assemble_site` then puts the editions side by side with a root page that
sends a reader to their language.
"""
from __future__ import annotations

import copy
import html
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from m4d.errors import InputError
from m4d.i18n.languages import LANGUAGES, NATIVE_NAMES, SOURCE_LANGUAGE

EDITIONS_DIR = Path("_build") / "editions"
SITE_DIR = Path("_build") / "site"


def _merge(base: dict, overlay: dict) -> dict:
    merged = copy.deepcopy(base)
    for key, value in overlay.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def _read_yaml(path: Path) -> dict:
    import yaml

    if not path.exists():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise InputError(f"{path} must be a YAML mapping of configuration keys.")
    return data


def edition_config(root: Path, language: str, gettext: bool = False,
                   editions: Iterable[str] | None = None) -> dict:
    """The Jupyter Book configuration of one edition (or, with ``gettext``, of the extraction run)."""
    if language not in LANGUAGES:
        raise InputError(f"There is no {language!r} edition: the editions are {', '.join(LANGUAGES)}.")
    config = _merge(_read_yaml(root / "_config.yml"), _read_yaml(root / "locales" / language / "_config.yml"))
    sphinx_config = config.setdefault("sphinx", {}).setdefault("config", {})
    sphinx_config.setdefault("language", language)
    if gettext:
        # Extraction reads the sources only: executing notebooks would add minutes and nothing to translate.
        config.setdefault("execute", {})["execute_notebooks"] = "off"
        sphinx_config["project"] = "Migration for local development"
        sphinx_config["suppress_warnings"] = list(sphinx_config.get("suppress_warnings", [])) + ["myst-nb.lexer"]
    elif editions:
        sphinx_config["m4d_editions"] = list(editions)
    return config


@dataclass
class EditionBuild:
    language: str
    html_dir: Path
    seconds: float


#: A bound on one edition's build (M4D_BUILD_MAX_SECONDS): a cold build executes every notebook and
#: prints the PDF (about 5 minutes on 2 idle cores); a build that runs past half an hour is stuck, and the
#: caller must hear so rather than wait for ever.
BUILD_MAX_SECONDS = 1800.0


def _build_limit_seconds() -> float:
    configured = os.environ.get("M4D_BUILD_MAX_SECONDS", "").strip()
    try:
        value = float(configured) if configured else BUILD_MAX_SECONDS
    except ValueError:
        value = 0
    if value <= 0:
        raise InputError(f"M4D_BUILD_MAX_SECONDS must be a positive number of seconds, not {configured!r}.")
    return value


def build_edition(root: Path, language: str, output: Path, editions: Iterable[str] = LANGUAGES,
                  extra_args: Iterable[str] = (), capture: bool = True, downloads: bool = True,
                  stored_outputs: Iterable[str] = ()) -> EditionBuild:
    """Build one edition into ``output/<language>/_build/html`` with warnings as errors.

    Published builds keep the defaults. The test suite's builds may leave out what no test of
    that edition reads: ``downloads=False`` prints no PDF and zips no offline pack (the pages
    still link to them), and ``stored_outputs`` (glob patterns of notebooks, relative to
    ``root``) shows those notebooks' stored outputs instead of executing them, for a run in
    which nbval proves that the stored outputs are what the notebooks compute.
    """
    import yaml

    work = output / language
    work.mkdir(parents=True, exist_ok=True)
    config = edition_config(root, language, editions=list(editions))
    if not downloads:
        config["sphinx"]["config"]["m4d_downloads"] = False
    stored_outputs = list(stored_outputs)
    if stored_outputs:
        execute = config.setdefault("execute", {})
        execute["exclude_patterns"] = list(execute.get("exclude_patterns", [])) + stored_outputs
    config_file = work / "_config.yml"
    config_file.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    command = [str(Path(sys.executable).parent / "jupyter-book"), "build", str(root), "--config", str(config_file),
               "--path-output", str(work), "--warningiserror", "--nitpick", "--keep-going", "--builder", "html",
               *extra_args]
    env = {**os.environ, "M4D_LANG": language, "M4D_LOCALES": str(root / "locales"),
           "PYDEVD_DISABLE_FILE_VALIDATION": "1"}
    limit = _build_limit_seconds()
    start = time.perf_counter()
    pipe = subprocess.PIPE if capture else None
    # Its own process group, so that a build past its bound is stopped with its kernels and browser.
    with subprocess.Popen(command, env=env, text=True, stdout=pipe, stderr=pipe, start_new_session=True) as build:
        try:
            stdout, stderr = build.communicate(timeout=limit)
        except subprocess.TimeoutExpired:
            os.killpg(build.pid, 9)
            stdout, _ = build.communicate()
            raise SystemExit(f"The {language} edition did not finish building within {limit:.0f} s "
                             f"(M4D_BUILD_MAX_SECONDS sets the bound). Its last output:\n{(stdout or '')[-6000:]}") from None
    result = subprocess.CompletedProcess(command, build.returncode, stdout, stderr)
    seconds = time.perf_counter() - start
    if capture:
        # The whole output stays beside the build: which notebooks ran and for how long (myst-nb
        # prints each one's seconds), what the book's extension did after the pages were written.
        (work / "build.log").write_text(f"{stdout or ''}\n{stderr or ''}", encoding="utf-8")
    if result.returncode != 0:
        detail = f"\n{result.stdout[-6000:]}\n{result.stderr[-4000:]}" if capture else ""
        raise SystemExit(f"The {language} edition failed to build (exit {result.returncode}).{detail}")
    return EditionBuild(language, work / "_build" / "html", seconds)


def build_editions(root: Path, languages: Iterable[str] = LANGUAGES, output: Path | None = None,
                   jobs: int = 1, capture: bool = True) -> list[EditionBuild]:
    """Build the editions (in parallel with ``jobs`` > 1); every edition links to all of ``languages``."""
    from concurrent.futures import ThreadPoolExecutor

    languages = list(languages)
    output = output or root / EDITIONS_DIR
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        return list(pool.map(lambda lang: build_edition(root, lang, output, languages, capture=capture), languages))


def root_page(languages: Iterable[str]) -> str:
    """The site's root page: links to every edition, and a script that opens the reader's language."""
    languages = list(languages)
    links = "\n".join(
        f'      <li><a href="{lang}/index.html" lang="{lang}" hreflang="{lang}">{html.escape(NATIVE_NAMES[lang])}</a></li>'
        for lang in languages)
    alternates = "\n".join(f'  <link rel="alternate" hreflang="{lang}" href="{lang}/index.html">' for lang in languages)
    return f"""<!DOCTYPE html>
<html lang="{SOURCE_LANGUAGE}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Migration for local development · Migrations et développement local · Migración y desarrollo local</title>
{alternates}
  <style>
    body {{ font-family: system-ui, sans-serif; max-width: 36rem; margin: 3rem auto; padding: 0 1rem; line-height: 1.5; color: #222; }}
    a {{ color: #0b5394; font-size: 1.25rem; }}
    li {{ margin: .5rem 0; }}
  </style>
  <script>
    // Open the edition the reader chose before (the language switcher remembers it), else the
    // browser's preferred language; the links below work without this script.
    (function () {{
      var editions = {json.dumps(languages)};
      var chosen = null;
      try {{ chosen = window.localStorage.getItem("m4d-language"); }} catch (e) {{}}
      var wanted = chosen ? [chosen] : (navigator.languages || [navigator.language || ""]);
      for (var i = 0; i < wanted.length; i++) {{
        var code = String(wanted[i] || "").toLowerCase().split("-")[0];
        if (editions.indexOf(code) >= 0) {{ window.location.replace(code + "/index.html"); return; }}
      }}
    }})();
  </script>
</head>
<body>
  <main>
    <h1>Migration for local development</h1>
    <p lang="fr">Migrations et développement local</p>
    <p lang="es">Migración y desarrollo local</p>
    <nav aria-label="Language / Langue / Idioma">
    <ul>
{links}
    </ul>
    </nav>
  </main>
</body>
</html>
"""


def assemble_site(builds: Iterable[EditionBuild], site: Path, copy_files: bool = False) -> Path:
    """``site/index.html`` and one folder per edition (links to the builds, or copies with ``copy_files``)."""
    builds = list(builds)
    if site.exists() or site.is_symlink():
        shutil.rmtree(site) if site.is_dir() and not site.is_symlink() else site.unlink()
    site.mkdir(parents=True)
    for build in builds:
        target = site / build.language
        if copy_files:
            shutil.copytree(build.html_dir, target, symlinks=False)
        else:
            target.symlink_to(os.path.relpath(build.html_dir, site))
    (site / "index.html").write_text(root_page(b.language for b in builds), encoding="utf-8")
    return site
