"""A fresh machine gets every system file the portal and its tests use.

The project's own scripts install the system packages (scripts/install-system-packages.sh,
with extras named by the Makefile and the service scripts). Each file the code names
(a font, a browser) and each resource it finds at run time (Tesseract, its library, its
language models) must come from one of those packages or from what they depend on:
a package installed by hand on a developer's machine would otherwise hide a broken
install until a new user tries `make run`.
"""
from __future__ import annotations

import ctypes.util
import re
import shutil
import subprocess
from functools import cache
from pathlib import Path

import pytest

from ocr.language import ENGLISH, JAPANESE

ROOT = Path(__file__).resolve().parent.parent
INSTALLERS = [ROOT / "scripts/install-system-packages.sh", ROOT / "Makefile", *ROOT.glob("scripts/with-*.sh")]
# `make run` needs only the script's own list; `samples` too, for the demo it loads (`portal demo`).
RUN_TIME_CODE = [ROOT / "portal", ROOT / "ocr", ROOT / "samples"]
TEST_CODE = [ROOT / "tests", ROOT / "benchmarks"]  # `make test` and the services add extras
SYSTEM_PATH = re.compile(r"""["'](/usr/(?:share|bin|lib)/[\w./+-]+)["']""")

pytestmark = pytest.mark.skipif(shutil.which("dpkg-query") is None, reason="not a Debian/Ubuntu system")


def installed_for_running() -> set[str]:
    """The packages the install script always installs: what `make run` brings."""
    script = INSTALLERS[0].read_text()
    return {name for name in re.search(r"^packages=\(([^)]*)\)", script, re.M).group(1).split()
            if not name.startswith('"$')}


def installed_by_project() -> set[str]:
    """The packages the install script always installs, and the extras its callers name."""
    listed = installed_for_running()
    for installer in INSTALLERS:
        for args in re.findall(r"install-system-packages\.sh((?: [\w.+-]+)+)", installer.read_text()):
            listed |= set(args.split())
    return listed


@cache
def _depends(package: str) -> set[str]:
    out = subprocess.run(["dpkg-query", "-W", "-f=${Pre-Depends}, ${Depends}", package],
                         capture_output=True, text=True).stdout
    # Of 'a | b', a fresh machine gets a: another alternative installed here proves nothing.
    names = {re.split(r"[\s:(]", dependency.split("|")[0].strip())[0] for dependency in out.split(",")}
    return {name for name in names if name}


def with_dependencies(packages: set[str]) -> set[str]:
    """The packages and everything they depend on, as installed here."""
    seen, todo = set(), list(packages)
    while todo:
        package = todo.pop()
        if package not in seen:
            seen.add(package)
            todo.extend(_depends(package) - seen)
    return seen


def owner(path: str) -> str | None:
    """The package that installed a file (`dpkg -S`), without its architecture."""
    out = subprocess.run(["dpkg-query", "-S", path], capture_output=True, text=True).stdout
    return out.split(":")[0].strip() or None if out else None


def named_system_files(folders: list[Path]) -> set[str]:
    """Every /usr/share, /usr/bin or /usr/lib file a Python file in these folders names."""
    return {match for folder in folders for source in folder.rglob("*.py")
            for match in SYSTEM_PATH.findall(source.read_text(encoding="utf-8"))
            if Path(match).suffix or "/bin/" in match}


def test_the_install_script_lists_the_ocr_engine_its_languages_and_its_orientation_model():
    assert {"tesseract-ocr", "tesseract-ocr-eng", "tesseract-ocr-jpn", "tesseract-ocr-osd"} <= installed_by_project()


@pytest.mark.parametrize("path", sorted(named_system_files(RUN_TIME_CODE)))
def test_every_system_file_the_portal_names_is_installed_by_make_run(path):
    assert Path(path).exists(), f"{path} is named in the code but missing: add its package to the install list"
    package = owner(path)
    assert package in with_dependencies(installed_for_running()), (
        f"{path} comes from {package}, which scripts/install-system-packages.sh does not install")


@pytest.mark.parametrize("path", sorted(named_system_files(TEST_CODE) - named_system_files(RUN_TIME_CODE)))
def test_every_system_file_the_tests_name_is_installed_by_make_test(path):
    assert Path(path).exists(), f"{path} is named in a test but missing: add its package to the install list"
    package = owner(path)
    assert package in with_dependencies(installed_by_project()), (
        f"{path} comes from {package}, which no install step of the project names")


def test_the_tesseract_engine_and_library_come_from_installed_packages():
    binary, library = shutil.which("tesseract"), ctypes.util.find_library("tesseract")
    assert binary and library, "Tesseract is not installed"
    from_project = with_dependencies(installed_for_running())
    assert owner(str(Path(binary).resolve())) in from_project
    assert owner(library) in from_project


@pytest.mark.parametrize("language", sorted(set((ENGLISH + "+" + JAPANESE).split("+"))))
def test_every_language_the_reader_uses_has_its_model_installed_by_the_project(language):
    assert owner(f"{language}.traineddata") in installed_for_running()

