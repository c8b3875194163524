"""Team portfolio passwords: in the system keyring when there is one, else for this session.

A password is filed under the service "Partner Planner" and the location's key (user, server,
port, database), never in QSettings, a log or any file of ours. Where no keyring backend works
(headless Linux often has none: keyring's fail backend, or a chainer with nothing in it) or
the keyring refuses (locked, denied), the password is kept in memory until the app quits and
asked for again next time. Nothing here raises: a keyring problem only means "not stored".

The keyring can be slow: a locked one asks to be unlocked, and a Secret Service that does not
answer keeps a D-Bus call waiting until the bus gives up. So the window never calls it on its
own thread: `look_up` asks in the background and waits at most KEYRING_WAIT_S seconds (then
the Connect dialog asks for the password), `keyring_check` says later whether there is one,
and keeping or dropping a password happens in the background too.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from planner.storage.location import ServerLocation

SERVICE = "Partner Planner"
KEYRING_WAIT_S = 8.0  # long enough to unlock a keyring, short of looking frozen

log = logging.getLogger(__name__)
_this_session: dict[str, str] = {}  # passwords kept for this run only


def keyring_available() -> bool:
    """Whether a real keyring backend stores passwords on this machine."""
    try:
        import keyring
        from keyring.backends import chainer, fail

        backend = keyring.get_keyring()
        if isinstance(backend, fail.Keyring):
            return False
        if isinstance(backend, chainer.ChainerBackend):
            return bool(backend.backends)
        return True
    except Exception:  # noqa: BLE001 - a broken keyring install is no keyring
        return False


def stored_password(location: ServerLocation) -> str | None:
    """The password kept for this location (keyring first, then this session), if any."""
    if location.key in _this_session:
        return _this_session[location.key]
    if not keyring_available():
        return None
    try:
        import keyring

        return keyring.get_password(SERVICE, location.key)
    except Exception as error:  # noqa: BLE001 - a locked or denied keyring: not stored
        log.info("the keyring did not give the password: %s", type(error).__name__)
        return None


def keep_password(location: ServerLocation, password: str, *, remember: bool) -> bool:
    """Keep the password that just worked: in the keyring when `remember` and there is one
    (True), else for this session only (False)."""
    if remember and keyring_available():
        try:
            import keyring

            keyring.set_password(SERVICE, location.key, password)
            _this_session.pop(location.key, None)
            return True
        except Exception as error:  # noqa: BLE001 - kept for the session instead
            log.info("the keyring did not keep the password: %s", type(error).__name__)
    _this_session[location.key] = password
    if not remember:
        forget_password(location, session_too=False)
    return False


def forget_password(location: ServerLocation, *, session_too: bool = True) -> None:
    """Drop a password the server no longer accepts (or the user no longer wants kept)."""
    if session_too:
        _this_session.pop(location.key, None)
    if not keyring_available():
        return
    try:
        import keyring

        keyring.delete_password(SERVICE, location.key)
    except Exception:  # noqa: BLE001 - nothing stored, or a keyring that refuses: fine
        pass


# Off the window's thread ------------------------------------------------------------------

def look_up(parent, location: ServerLocation, on_found: Callable[[str | None], None],
            on_late: Callable[[], None]) -> None:
    """The kept password for `location` (None: none kept) to `on_found`, asked of the keyring
    in the background; `on_late()` instead when the keyring does not answer within
    KEYRING_WAIT_S seconds. A password kept for this session needs no wait."""
    if location.key in _this_session:
        on_found(_this_session[location.key])
        return
    from planner.ui.background import BoundedWait

    BoundedWait(parent, lambda: stored_password(location), on_found, on_late,
                KEYRING_WAIT_S).start()


def keyring_check(parent, on_answer: Callable[[bool], None]) -> None:
    """Whether there is a keyring, to `on_answer` (False when asking it takes too long)."""
    from planner.ui.background import BoundedWait

    BoundedWait(parent, keyring_available, on_answer, lambda: on_answer(False),
                KEYRING_WAIT_S).start()


def keep_password_later(location: ServerLocation, password: str, *, remember: bool) -> None:
    """keep_password without waiting for the keyring: the password is this session's at
    once, and the keyring's (in place of the session's) when it has stored it."""
    _this_session[location.key] = password
    _detached(lambda: keep_password(location, password, remember=remember))


def forget_password_later(location: ServerLocation) -> None:
    """forget_password without waiting for the keyring (this session's copy goes at once)."""
    _this_session.pop(location.key, None)
    _detached(lambda: forget_password(location))


def _detached(work: Callable[[], object]) -> None:
    # a daemon thread: quitting never waits for a keyring that does not answer
    threading.Thread(target=work, name="keyring", daemon=True).start()
