"""The settings as the reader touches them: the script chosen is remembered (in a worker),
and problems with the state folder are said once at start-up."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from trendreader.script.variants import Variant
    from trendreader.tui.host import ReaderHost


def remember_variant(app: ReaderHost, variant: Variant) -> None:
    """Save ``variant`` as the setting, off the UI thread (a newer choice replaces it)."""

    def save() -> None:
        from trendreader.settings import SettingsError, load_settings, save_settings

        settings = load_settings(app.paths)
        settings.variant = variant
        try:
            save_settings(app.paths, settings)
        except (OSError, SettingsError) as error:
            app.call_from_thread(
                app.notify, f"Could not save settings: {error}", severity="warning"
            )

    app.run_worker(save, thread=True, exclusive=True, group="settings", name="remember-variant")


def notify_state_problems(app: ReaderHost) -> None:
    from trendreader.context import state_problems

    for problem in state_problems(app.paths):
        app.notify(problem, title="Settings", severity="warning", timeout=15)
