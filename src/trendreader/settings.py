"""The user's settings file (``config.toml``): script variant, hidden reports, interface
language (``ui``) and theme.

Read with tomllib, written with tomli_w (temp file + rename, so a crash never leaves half a
file). Nothing in it is trusted:

* a file that cannot be read (permissions, not UTF-8, not TOML) or a field of the wrong type
  (``hidden = 5``, ``hidden = "002_…"``, ``script = 3``, an unknown script) gives the default
  for that field and one line in ``Settings.problems`` naming the file and the field; the file
  is left as it is;
* **a write never overwrites a file it could not read**: :func:`save_settings` reads the file
  again first and *refuses* (raises :class:`SettingsError`, one line saying what to fix)
  when it is unreadable or holds a wrong-typed field. Refusing, not moving the file aside: the
  settings are two small fields the user can fix by hand, and a file that is never renamed is
  one less surprise. Keys trendreader does not know are kept.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from trendreader.i18n import _
from trendreader.library.sanitize import clean_line
from trendreader.paths import AppPaths, StateError, describe_os_error
from trendreader.script.variants import Variant, VariantError, parse_variant


class SettingsError(StateError):
    """The settings file cannot be read or written; the message is one line."""


@dataclass(slots=True)
class Settings:
    variant: Variant | None = None
    hidden: list[str] = field(default_factory=list)
    ui: str | None = None
    """``"zh"`` or ``"en"``; ``None`` follows the locale environment (``trendreader.i18n``)."""
    theme: str | None = None
    """A Textual theme name as saved by the reader; the TUI checks that it exists."""
    problems: list[str] = field(default_factory=list)
    """One line per field (or for the whole file) that could not be used."""


def _read_raw(path: Path) -> tuple[dict[str, Any] | None, str | None]:
    """``(data, None)``; ``({}, None)`` when there is no file; ``(None, problem)`` when the
    file exists and cannot be read as TOML."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return {}, None
    except OSError as error:
        return None, _("{path}: cannot be read ({reason})").format(
            path=path, reason=error.strerror or error
        )
    import tomllib  # here: the reader's start-up pays for it only when there is a file

    try:
        return tomllib.loads(raw.decode("utf-8")), None
    except UnicodeDecodeError:
        return None, _("{path}: not UTF-8 text").format(path=path)
    except tomllib.TOMLDecodeError as error:
        return None, _("{path}: not valid TOML ({reason})").format(
            path=path, reason=clean_line(error)
        )


def _fields(path: Path, data: dict[str, Any]) -> Settings:
    settings = Settings()
    script = data.get("script")
    if script is not None:
        if not isinstance(script, str):
            settings.problems.append(
                _("{path}: field `script` must be a string; using the default").format(path=path)
            )
        else:
            try:
                settings.variant = parse_variant(script)
            except VariantError:
                shown = clean_line(script)[:40]
                settings.problems.append(
                    _(
                        "{path}: field `script` = {value!r} is not a script; using the default"
                    ).format(path=path, value=shown)
                )
    ui = data.get("ui")
    if ui is not None:
        if ui in ("zh", "en", "auto"):
            settings.ui = None if ui == "auto" else ui
        else:
            shown = clean_line(str(ui))[:40]
            settings.problems.append(
                _(
                    "{path}: field `ui` = {value!r} is not zh, en or auto; following the locale"
                ).format(path=path, value=shown)
            )
    theme = data.get("theme")
    if theme is not None:
        if isinstance(theme, str) and 0 < len(theme) <= 60 and clean_line(theme) == theme:
            settings.theme = theme
        else:
            settings.problems.append(
                _("{path}: field `theme` must be a theme name; using the default theme").format(
                    path=path
                )
            )
    hidden = data.get("hidden")
    if hidden is not None:
        if not isinstance(hidden, list) or not all(isinstance(k, str) for k in hidden):
            settings.problems.append(
                _(
                    "{path}: field `hidden` must be a list of report keys (strings); "
                    "nothing is hidden"
                ).format(path=path)
            )
        else:
            settings.hidden = list(dict.fromkeys(clean_line(k) for k in hidden))
    return settings


def load_settings(paths: AppPaths) -> Settings:
    """The settings; defaults (and one line in ``problems``) for whatever cannot be used."""
    path = paths.config_file
    if not path.exists():  # the common case: no file, no tomllib import
        return Settings()
    data, problem = _read_raw(path)
    if data is None:
        return Settings(
            problems=[
                _("{problem}; using the defaults (the file is left as it is)").format(
                    problem=problem
                )
            ]
        )
    return _fields(path, data)


def save_settings(paths: AppPaths, settings: Settings) -> None:
    """Write ``settings`` over the file, keeping keys it does not know.

    Raises :class:`SettingsError` (the file untouched) when the file there now cannot be read
    or holds a wrong-typed field, or when it cannot be written.
    """
    target: Path = paths.config_file
    current, problem = _read_raw(target)
    if current is None:
        raise SettingsError(
            _("{problem}: not overwritten — fix or delete it, then try again").format(
                problem=problem
            )
        )
    found = _fields(target, current)
    if found.problems:
        raise SettingsError(
            found.problems[0].split("; ", 1)[0] + ": not overwritten — fix it, then try again"
        )
    data = dict(current)
    if settings.variant is not None:
        data["script"] = settings.variant.value
    else:
        data.pop("script", None)
    data["hidden"] = list(settings.hidden)
    for name, value in (("ui", settings.ui), ("theme", settings.theme)):
        if value is not None:
            data[name] = value
        else:
            data.pop(name, None)
    import tomli_w

    from trendreader.atomic import write_text

    text = "# trendreader settings\n" + tomli_w.dumps(data)
    try:
        write_text(target, text)
    except OSError as error:
        raise SettingsError(f"cannot save settings: {describe_os_error(error, target)}") from error
