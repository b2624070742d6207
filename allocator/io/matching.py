"""Which profile source reads which export: files and workbook sheets matched to sources.

A workbook sheet named by a source's ``sheet`` is read by that source; any other sheet, and a
CSV file, by the source whose every column it has (the fullest fit wins; a tie is refused).
The header may sit below a title or report-date line. Every file is tried before any problem
is raised, and an import must include each source marked ``required`` and give the tables a
scenario cannot be without.
"""

from dataclasses import dataclass
from pathlib import Path

from allocator.io.errors import InputError
from allocator.io.profiles import Profile, Source, fold
from allocator.io.sheets import Sheet, is_spreadsheet, read_csv, read_workbook_sheet, sheet_names

SCENARIO_TABLES = ("pdus", "pods", "practitioners", "cases")
"""Tables a scenario cannot be without: some file must fill each."""


@dataclass(frozen=True)
class Matched:
    """A sheet of an export and the profile source that reads it."""

    sheet: Sheet
    key: str
    source: Source


def _missing(source: Source, sheet: Sheet) -> list[str]:
    have = {fold(h) for h in sheet.header}
    wanted = {fold(c): c for m in source.tables().values() for c in m.columns.values()}
    return [name for key, name in wanted.items() if key not in have]


def _match(profile: Profile, sheet: Sheet, problems: list[str]) -> Matched | None:
    """The source reading ``sheet``: the one naming its sheet, else the best full header match.

    The header is the first non-blank row, or a later one among the first few when an export
    starts with a title or a report date.
    """
    if sheet.sheet is not None:
        for key, source in profile.sources.items():
            if source.sheet is not None and fold(source.sheet) == fold(sheet.sheet):
                for view in sheet.headed():
                    if not _missing(source, view):
                        return Matched(view, key, source)
                for name in _missing(source, sheet):
                    problems.append(f"{sheet.where()}: missing column '{name}' (source '{key}')")
                return None
    for view in sheet.headed():
        full = [
            (len(s.columns()), k, s) for k, s in profile.sources.items() if not _missing(s, view)
        ]
        if not full:
            continue
        best = max(n for n, _, _ in full)
        top = [(k, s) for n, k, s in full if n == best]
        if len(top) == 1:
            return Matched(view, top[0][0], top[0][1])
        names = ", ".join(f"'{k}'" for k, _ in top)
        problems.append(f"{sheet.where()}: its columns fit sources {names} equally; rename one")
        return None
    closest = min(
        profile.sources.items(),
        key=lambda kv: (
            len(kv[1].columns()) - len(_missing(kv[1], sheet)) < 1,
            len(_missing(kv[1], sheet)),
        ),
    )
    missing = _missing(closest[1], sheet)
    shown = ", ".join(f"'{m}'" for m in missing[:5]) + (" ..." if len(missing) > 5 else "")
    problems.append(
        f"{sheet.where()}: its columns fit no source of profile {profile.name} "
        f"(closest: '{closest[0]}', missing {shown})"
    )
    return None


def _sheets(profile: Profile, path: Path, sheet: str | None) -> list[Sheet]:
    if not path.exists():
        raise InputError([f"{path}: no such file"])
    if path.is_dir():
        raise InputError([f"{path}: is a folder, expected a CSV or spreadsheet export"])
    if not is_spreadsheet(path):
        return [read_csv(path)]
    if sheet is not None:
        return [read_workbook_sheet(path, sheet)]
    names = sheet_names(path)
    wanted = {fold(s.sheet) for s in profile.sources.values() if s.sheet is not None}
    named = [n for n in names if fold(n) in wanted]
    if not named and names:
        named = names[:1]
    return [read_workbook_sheet(path, n) for n in named]


def match_files(profile: Profile, files: list[Path], sheet: str | None) -> list[Matched]:
    """Every file's sheets matched to sources; InputError listing every file that fits none."""
    problems: list[str] = []
    matched: list[Matched] = []
    for path in files:
        try:
            sheets = _sheets(profile, path, sheet)
        except InputError as err:
            problems.extend(err.problems)
            continue
        for one in sheets:
            found = _match(profile, one, problems)
            if found is not None:
                matched.append(found)
    given = {m.key for m in matched}
    for key, source in profile.sources.items():
        if source.required and key not in given and not problems:
            sheet_text = f" (sheet '{source.sheet}')" if source.sheet else ""
            problems.append(
                f"no file gives source '{key}'{sheet_text} of profile {profile.name}; it is "
                "required (an export with a header and no rows says there is nothing to add)"
            )
    filled = {t for m in matched for t, spec in m.source.tables().items() if not spec.merge}
    for table in SCENARIO_TABLES:
        if table not in filled and not problems:
            readers = [
                k
                for k, s in profile.sources.items()
                if table in s.tables() and not s.tables()[table].merge
            ]
            via = f"its source(s) {', '.join(readers)}" if readers else "no source"
            problems.append(
                f"no file gives the {table} (profile {profile.name} reads them from {via})"
            )
    if problems:
        raise InputError(problems)
    return matched
