"""The settings as the reader touches them: the script and the theme chosen are remembered (in
a worker), the interface language and its catalog for the reading script, and problems with
the state folder are said once at start-up."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from trendreader import i18n
from trendreader.i18n import _

if TYPE_CHECKING:
    from trendreader.paths import AppPaths
    from trendreader.reading import ReadingSession
    from trendreader.script.variants import Variant
    from trendreader.settings import Settings
    from trendreader.tui.host import ReaderHost

THEME_ENV = "TEXTUAL_THEME"


def _settings(paths: AppPaths) -> Settings:
    from trendreader.settings import load_settings

    return load_settings(paths)


def language(paths: AppPaths, ui: str | None) -> str:
    """``zh`` or ``en``: ``ui`` (``--ui``), else the ``ui`` setting, else ``$TRENDREADER_UI``
    and the locale (:func:`trendreader.i18n.resolve_language`)."""
    return i18n.resolve_language(ui or _settings(paths).ui or os.environ.get(i18n.UI_ENV))


def catalog_for(language: str, session: ReadingSession) -> str:
    """The catalog for ``language`` in the session's variant (原文: the open edition's own
    script and regional wording)."""
    edition = session.edition
    script = region = None
    if language != "zh":  # English: no need to tell the report's script (OpenCC at start-up)
        return i18n.locale_for(language, session.variant.value)
    if edition is not None and session.variant.value == "original":
        from trendreader.reading.texts import edition_region

        script, region = str(edition.script), edition_region(edition)
    return i18n.locale_for(language, session.variant.value, script, region)


def use_catalog(language: str, session: ReadingSession) -> bool:
    """Speak the catalog :func:`catalog_for` picks; True when it changed."""
    locale = catalog_for(language, session)
    if locale == i18n.current_locale():
        return False
    i18n.use(locale)
    return True


def restore_theme(app: Any, theme: str | None) -> None:
    """The theme at start: ``theme`` (``--theme``), else ``$TEXTUAL_THEME``, else the saved
    setting; a name Textual does not know is said once and the default kept."""
    saved = _settings(app.paths).theme
    chosen = theme or os.environ.get(THEME_ENV) or saved
    app._saved_theme = saved
    if not chosen or chosen == app.theme:
        return
    if chosen in app.available_themes:
        app.theme = chosen
    else:
        from trendreader.library.sanitize import clean_line

        app._theme_problem = _("Unknown theme {name!r}: using {default}.").format(
            name=clean_line(chosen)[:40], default=app.theme
        )


def remember_theme(app: ReaderHost, theme: str) -> None:
    """Save ``theme`` as the setting (a theme changed in the palette), off the UI thread."""
    if getattr(app, "_saved_theme", None) == theme or not getattr(app, "is_running", False):
        return
    app._saved_theme = theme  # type: ignore[attr-defined]
    _save(app, "remember-theme")


def remember_variant(app: ReaderHost, variant: Variant) -> None:
    """Save ``variant`` as the setting, off the UI thread (a newer choice replaces it)."""
    app._chosen_variant = variant  # type: ignore[attr-defined]
    _save(app, "remember-variant")


def _save(app: ReaderHost, name: str) -> None:
    """Write the script and the theme the reader chose (those that were) into the settings;
    one worker group, so a newer change replaces an older one and neither loses the other."""
    variant = getattr(app, "_chosen_variant", None)
    theme = getattr(app, "_saved_theme", None)

    def save() -> None:
        from trendreader.settings import SettingsError, load_settings, save_settings

        settings = load_settings(app.paths)
        if variant is not None:
            settings.variant = variant
        if theme is not None:
            settings.theme = theme
        try:
            save_settings(app.paths, settings)
        except (OSError, SettingsError) as error:
            app.call_from_thread(
                app.notify,
                _("Could not save settings: {error}").format(error=error),
                severity="warning",
            )

    app.run_worker(save, thread=True, exclusive=True, group="settings", name=name)


def notify_state_problems(app: ReaderHost) -> None:
    from trendreader.context import state_problems

    problems = list(state_problems(app.paths))
    theme_problem = getattr(app, "_theme_problem", None)
    if theme_problem:
        problems.append(theme_problem)
    for problem in problems:
        app.notify(problem, title=_("Settings"), severity="warning", timeout=15)
