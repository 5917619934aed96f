"""Dutch reasons for files the management commands cannot read or write (one line, no traceback)."""

from __future__ import annotations

import errno

MSG_IS_DIRECTORY = "dit is een map; geef een bestandsnaam"
MSG_NO_FOLDER = "de map bestaat niet"
MSG_BAD_NAME = "ongeldige bestandsnaam"
MSG_OS_OTHER = "het besturingssysteem weigert dit bestand"
OS_REASONS = {
    errno.ENOENT: "bestand of map niet gevonden",
    errno.EACCES: "geen toegang (rechten)",
    errno.EPERM: "geen toegang (rechten)",
    errno.EISDIR: MSG_IS_DIRECTORY,
    errno.ENOTDIR: "een deel van het pad is geen map",
    errno.ENOSPC: "de schijf is vol",
    errno.EROFS: "de schijf is alleen-lezen",
    errno.ENAMETOOLONG: "de bestandsnaam is te lang",
}


def os_reason(exc: OSError | ValueError) -> str:
    """Say in Dutch why a file could not be read or written (the OS says it in English).

    A ``ValueError`` comes from a file name Python refuses (a NUL character in it).
    """
    if not isinstance(exc, OSError):
        return MSG_BAD_NAME
    return OS_REASONS.get(exc.errno, MSG_OS_OTHER)
