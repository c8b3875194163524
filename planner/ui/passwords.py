"""Team portfolio passwords: in the system keyring when there is one, else for this session.

A password is filed under the service "Partner Planner" and the location's key (user, server,
port, database), never in QSettings, a log or any file of ours. Where no keyring backend works
(headless Linux often has none: keyring's fail backend, or a chainer with nothing in it) or
the keyring refuses (locked, denied), the password is kept in memory until the app quits and
asked for again next time. Nothing here raises: a keyring problem only means "not stored".
"""

from __future__ import annotations

import logging

from planner.storage.location import ServerLocation

SERVICE = "Partner Planner"

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
