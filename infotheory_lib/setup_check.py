"""Check that the packages the course needs are installed in working versions.

Used by the index notebook's environment cell; reads the requirements from
the installed package's own metadata (pyproject.toml), so there is one list.
Those are compatible ranges, not CI's exact pins: the course is tested at
both ends (``make test`` on the pins, ``make test-oldest`` on the floors).
"""

from __future__ import annotations

from importlib import metadata

from packaging.requirements import Requirement

__all__ = ["environment_report", "check_environment"]

DIST_NAME = "infotheory-lib"


def environment_report(extras=("notebooks",)):
    """Return rows ``(package, wanted, installed, ok)`` for the course's needs."""
    rows = []
    for text in metadata.requires(DIST_NAME) or []:
        req = Requirement(text)
        if req.marker is not None and not any(req.marker.evaluate({"extra": e}) for e in extras):
            continue
        try:
            installed = metadata.version(req.name)
        except metadata.PackageNotFoundError:
            installed = None
        ok = installed is not None and req.specifier.contains(installed, prereleases=True)
        wanted = ", ".join(sorted((str(s) for s in req.specifier), key=lambda s: not s.startswith(">")))
        rows.append((req.name, wanted, installed, ok))
    return rows


def check_environment(extras=("notebooks",)) -> bool:
    """Print one line per package and a verdict; return True when all is well."""
    rows = environment_report(extras)
    for name, wanted, installed, ok in rows:
        mark = "ok " if ok else "!! "
        found = installed or "MISSING"
        print(f"{mark}{name:<14} {found:<10} (supported: {wanted})")
    bad = [name for name, _, _, ok in rows if not ok]
    if bad:
        print(
            f"\nNeeds attention: {', '.join(bad)}: install a version in the supported range "
            "(`make install` sets up a tested environment; see the README)."
        )
    else:
        print(f"\nAll {len(rows)} packages present in supported versions. You are ready.")
    return not bad
