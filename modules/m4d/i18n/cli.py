"""``m4d locales``: the translators' and maintainers' commands (also behind ``make locales``).

    m4d locales update            re-extract the English and merge it into every .po file
    m4d locales status            how much is translated, per language and per catalogue
    m4d locales check             markup, placeholders and termbase of every translation
    m4d locales reuse             fill texts translated elsewhere (the same heading in every lesson)
    m4d locales editions          build /en/, /fr/ and /es/ into _build/site
    m4d locales todo FILE.po      the untranslated and fuzzy entries of one catalogue, as a text file
    m4d locales fill FILE.po TXT  put the translations of such a text file back into the catalogue
    m4d locales fix-typography    French: a no-break space before : ; ? ! and inside « » (all, or FILE.po ...)
"""
from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path

from m4d.errors import InputError
from m4d.i18n.languages import LANGUAGES, SOURCE_LANGUAGE
from m4d.i18n.extract import without_false_format_marks

TARGETS = [lang for lang in LANGUAGES if lang != SOURCE_LANGUAGE]


def _root(args) -> Path:
    root = Path(args.root).resolve()
    if not (root / "_config.yml").exists() or not (root / "locales").is_dir():
        raise InputError(f"{root} is not the course repository (no _config.yml and locales/): run the command "
                         "from the repository or give --root.")
    return root


def _languages(args) -> list[str]:
    chosen = args.language or TARGETS
    unknown = [lang for lang in chosen if lang not in LANGUAGES]
    if unknown:
        raise InputError(f"Unknown language {', '.join(unknown)}: choose among {', '.join(LANGUAGES)}.")
    return chosen


def _update(args) -> int:
    from m4d.i18n.extract import update_catalogues

    root = _root(args)
    pot_dir = update_catalogues(root, _languages(args))
    print(f"Catalogues updated from the English sources (templates in {pot_dir.relative_to(root)}).")
    return _status(args, extract=False)


def _status(args, extract: bool | None = None) -> int:
    from m4d.i18n.coverage import coverage, summary_lines
    from m4d.i18n.extract import extract_all

    root = _root(args)
    pot_dir = root / "_build" / "locales" / "pot"
    if extract if extract is not None else not args.no_extract:
        extract_all(root, pot_dir)
    elif not pot_dir.exists():
        raise InputError("No templates yet: run `m4d locales status` without --no-extract, or `make locales`.")
    results = coverage(pot_dir, root / "locales", _languages(args))
    for line in summary_lines(results, per_catalogue=not getattr(args, "brief", False)):
        print(line)
    return 0


def _check(args) -> int:
    from m4d.i18n.review import review_locales
    from m4d.i18n.termbase import TERMBASE_FILE, load_termbase

    root = _root(args)
    terms = load_termbase(root / "locales" / TERMBASE_FILE)
    problems = review_locales(root / "locales", _languages(args), terms)
    for problem in problems:
        print(problem)
    print(f"{len(problems)} problem(s) in the translations of {', '.join(_languages(args))}.")
    return 1 if problems else 0


def _fix_typography(args) -> int:
    from m4d.i18n.typography import fix_catalogue_file

    if args.catalogue:
        files = [Path(f) for f in args.catalogue]
        missing = [str(f) for f in files if not f.is_file()]
        if missing:
            raise InputError(f"No catalogue {', '.join(missing)}: give the path of a French .po file "
                             "(for example locales/fr/LC_MESSAGES/m4d.po), or no file for every French catalogue.")
    else:
        files = sorted((_root(args) / "locales" / "fr" / "LC_MESSAGES").rglob("*.po"))
    total = 0
    for po_file in files:
        count = fix_catalogue_file(po_file, write=not args.dry_run)
        total += count
        if count:
            print(f"{po_file}: {count} space(s) {'to change' if args.dry_run else 'changed'} to no-break spaces")
    print(f"{total} breakable space(s) before : ; ? ! or inside « » {'found' if args.dry_run else 'fixed'} "
          f"in {len(files)} French catalogue(s).")
    return 0


def _editions(args) -> int:
    from m4d.i18n.editions import SITE_DIR, assemble_site, build_editions

    root = _root(args)
    languages = args.language or list(LANGUAGES)
    builds = build_editions(root, languages, jobs=args.jobs, capture=not args.verbose)
    for build in builds:
        print(f"{build.language}_build_s: {build.seconds:.1f}")
    site = assemble_site(builds, root / (args.site or SITE_DIR), copy_files=args.copy)
    print(f"The editions are in {site}: {', '.join(b.language + '/' for b in builds)} and index.html.")
    return 0


def _entry_key(message) -> str:
    msgid = message.id[0] if isinstance(message.id, (tuple, list)) else message.id
    return hashlib.sha1(f"{message.context or ''}\x04{msgid}".encode()).hexdigest()[:10]


def _read_po(path: Path):
    from babel.messages.pofile import read_po

    if not path.exists():
        raise InputError(f"There is no catalogue {path}: run `make locales` first.")
    with path.open("rb") as fh:
        return read_po(fh, domain=path.stem)


def _todo(args) -> int:
    po_file = Path(args.catalogue)
    catalog = _read_po(po_file)
    lines = [f"# {po_file}: write each translation under its English text (lines starting with # are",
             "# the English and are ignored; plural forms go on lines [0] ..., [1] ...), then:",
             "# m4d locales fill CATALOGUE THIS_FILE", ""]
    count = 0
    for message in catalog:
        if not message.id:
            continue
        plural = isinstance(message.id, (tuple, list))
        done = all(message.string) if plural else bool(message.string)
        if done and not message.fuzzy and not args.all:
            continue
        count += 1
        state = " fuzzy" if message.fuzzy and done else ""
        lines.append(f"@@ {_entry_key(message)}{state}{' plural' if plural else ''}")
        if message.context:
            lines.append(f"# context: {message.context}")
        for comment in message.auto_comments:
            lines.append(f"# note: {comment}")
        singular = message.id[0] if plural else message.id
        lines.extend(f"# {line}" for line in singular.splitlines() or [""])
        if plural:
            lines.append(f"# plural: {message.id[1]}")
            lines.append(f"# ({catalog.num_plurals} forms: {catalog.plural_forms})")
            if state or args.all:
                lines.extend(f"[{n}] {text}" for n, text in enumerate(message.string))
        elif state or (args.all and message.string):
            lines.append(message.string)
        lines.append("")
    text = "\n".join(lines) + "\n"
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    print(f"{count} entries to translate in {po_file}.", file=sys.stderr)
    return 0


def parse_blocks(text: str) -> dict[str, str]:
    """The translations of a ``todo`` file, by entry key."""
    blocks: dict[str, list[str]] = {}
    current = None
    for line in text.splitlines():
        if line.startswith("@@ "):
            current = line[3:].split()[0]
            blocks[current] = []
        elif current is not None and not line.startswith("#"):
            blocks[current].append(line)
    return {key: "\n".join(lines).strip() for key, lines in blocks.items()}


def fill_catalogue(po_file: Path, translations: dict[str, str]) -> tuple[int, list[str]]:
    """Put ``translations`` (by entry key) into ``po_file``; returns how many were filled and unknown keys."""
    from babel.messages.pofile import write_po

    catalog = _read_po(po_file)
    by_key = {_entry_key(m): m for m in catalog if m.id}
    filled, unknown = 0, []
    for key, text in translations.items():
        message = by_key.get(key)
        if message is None:
            unknown.append(key)
            continue
        if not text:
            continue
        if isinstance(message.id, (tuple, list)):
            forms = {}
            for line in text.splitlines():
                if line.startswith("[") and "]" in line:
                    index, _, rest = line[1:].partition("]")
                    if index.strip().isdigit():
                        forms[int(index)] = rest.strip()
            if len(forms) != catalog.num_plurals:
                raise InputError(f"Entry {key}: give the {catalog.num_plurals} plural forms as [0] ... [1] ... lines.")
            message.string = tuple(forms[n] for n in range(catalog.num_plurals))
        else:
            msgid = message.id
            # Paragraph msgids are one line; keep a translator's line breaks only where the English has them.
            message.string = text if "\n" in msgid else " ".join(
                part.strip() for part in text.splitlines() if part.strip())
        if message.fuzzy:
            message.flags.discard("fuzzy")
        filled += 1
    without_false_format_marks(catalog)
    with po_file.open("wb") as fh:
        write_po(fh, catalog, width=76)
    return filled, unknown


def _fill(args) -> int:
    po_file = Path(args.catalogue)
    translations = parse_blocks(Path(args.translations).read_text(encoding="utf-8"))
    filled, unknown = fill_catalogue(po_file, translations)
    print(f"{filled} translations written to {po_file}.")
    if unknown:
        print(f"{len(unknown)} entries are no longer in the catalogue (the English changed): {', '.join(unknown)}; "
              "run `m4d locales todo` again.", file=sys.stderr)
        return 1
    return 0


#: Roles whose text the build takes from their target (a page's or a section's title, a citation, an
#: equation number) when they carry no explicit text: ``{ref}`label``` shows the edition's own title.
_TARGET_ONLY_ROLES = r"(?:ref|doc|numref|eq|cite|cite:p|cite:t|download)"
#: A message made only of such roles without explicit text (no ``<`` in them), inline code, numbers,
#: page abbreviations and punctuation. A ``{term}`` role is never in it: its text is a word the reader
#: reads (``{term}`migration corridor``` becomes ``{term}`corridor migratoire <migration corridor>```),
#: and neither is a role with explicit text (``{ref}`the previous lesson <m1-02>```).
_NOTHING_TO_TRANSLATE = re.compile(
    r"^(\{" + _TARGET_ONLY_ROLES + r"\}`[^`<]*`|`[^`]*`|pp?\.|[\d\s.,;:%()+\-–/]|min)*$")


def reuse_translations(locales: Path, language: str) -> int:
    """Fill empty entries whose English already has a reviewed translation in another catalogue of the
    language (the same heading in every lesson), and entries with nothing to translate (a link, a number)."""
    from babel.messages.pofile import read_po, write_po

    base = locales / language / "LC_MESSAGES"
    files = sorted(base.rglob("*.po"))
    memory: dict[tuple[str | None, str], str] = {}
    catalogs = {}
    for po_file in files:
        with po_file.open("rb") as fh:
            catalogs[po_file] = read_po(fh, domain=po_file.stem)
        for message in catalogs[po_file]:
            if message.id and isinstance(message.id, str) and message.string and not message.fuzzy:
                memory.setdefault((message.context, message.id), message.string)
    filled = 0
    for po_file, catalog in catalogs.items():
        changed = False
        for message in catalog:
            if not message.id or not isinstance(message.id, str) or message.string:
                continue
            found = memory.get((message.context, message.id))
            if found is None and _NOTHING_TO_TRANSLATE.match(message.id):
                found = message.id
            if found is not None:
                message.string = found
                filled += 1
                changed = True
        if changed:
            without_false_format_marks(catalog)
            with po_file.open("wb") as fh:
                write_po(fh, catalog, width=76)
    return filled


def _reuse(args) -> int:
    root = _root(args)
    for language in _languages(args):
        print(f"{language}: {reuse_translations(root / 'locales', language)} entries filled from the other catalogues.")
    return 0


def register(subparsers) -> None:
    parser = subparsers.add_parser("locales", help="translations: update catalogues, coverage, checks, editions",
                                   description=__doc__.split("\n\n", 1)[1], formatter_class=_raw())
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    def add(name, func, help_text):
        sub = commands.add_parser(name, help=help_text)
        sub.add_argument("--root", default=".", help="the course repository (default: the current folder)")
        sub.add_argument("-l", "--language", action="append", help="only this language (repeatable)")
        sub.set_defaults(func=func)
        return sub

    add("update", _update, "re-extract the English texts and update every catalogue (changed texts become fuzzy)")
    status = add("status", _status, "per-language and per-catalogue translation figures")
    status.add_argument("--no-extract", action="store_true", help="use the templates of the last extraction")
    status.add_argument("--brief", action="store_true", help="per-language figures only")
    add("reuse", _reuse, "fill entries already translated elsewhere in the language, and those with no words")
    add("check", _check, "markup, placeholders and termbase of every translation")
    editions = add("editions", _editions, "build the three editions into _build/site")
    editions.add_argument("--jobs", type=int, default=1, help="editions built at once (default 1)")
    editions.add_argument("--site", help="where to put the site (default _build/site)")
    editions.add_argument("--copy", action="store_true", help="copy the editions into the site instead of linking")
    editions.add_argument("--verbose", action="store_true", help="show the builds' output")
    todo = commands.add_parser("todo", help="export a catalogue's untranslated and fuzzy entries as text")
    todo.add_argument("catalogue")
    todo.add_argument("-o", "--output")
    todo.add_argument("--all", action="store_true", help="every entry, with its current translation")
    todo.set_defaults(func=_todo)
    fill = commands.add_parser("fill", help="write the translations of a `todo` text file into the catalogue")
    fill.add_argument("catalogue")
    fill.add_argument("translations")
    fill.set_defaults(func=_fill)
    typography = commands.add_parser(
        "fix-typography", help="French catalogues: no-break space (U+00A0) before : ; ? ! and inside « »",
        description="Rewrite the breakable spaces French typography wants unbreakable (before : ; ? ! and inside "
                    "« ») as U+00A0 in French translations, outside code, URLs, maths, roles and placeholders. "
                    "Only the msgstr lines that change are rewritten (no re-wrapping).")
    typography.add_argument("catalogue", nargs="*", help="French .po files (default: every catalogue of locales/fr)")
    typography.add_argument("--root", default=".", help="the course repository (default: the current folder)")
    typography.add_argument("--dry-run", action="store_true", help="count the spaces, change nothing")
    typography.set_defaults(func=_fix_typography)


def _raw():
    import argparse

    return argparse.RawDescriptionHelpFormatter
