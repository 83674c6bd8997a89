"""The PDF store on disk: ``<uuid>.pdf`` files in PDF_STORAGE_PATH, written atomically."""

import errno
import logging
import os
import shutil
import tempfile
from pathlib import Path
from typing import BinaryIO

from django.conf import settings

from mailtracker.attachments.validation import PdfRejected

logger = logging.getLogger(__name__)

# Files are readable by nginx's group (the directory is setgid www-data) and nobody else.
FILE_MODE = 0o640


def storage_dir() -> Path:
    return Path(settings.PDF_STORAGE_PATH)


def pdf_path(file_name: str) -> Path:
    return storage_dir() / file_name


def write_atomically(stream: BinaryIO, file_name: str) -> Path:
    """Copy the stream into the store so that the final name only ever holds a complete file:
    temp file in the same directory, fsync, rename, fsync the directory. On any error the temp
    file is removed and the error propagates."""
    directory = storage_dir()
    directory.mkdir(parents=True, exist_ok=True)
    fd, temp_name = tempfile.mkstemp(dir=directory, prefix=".upload-", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as temp:
            stream.seek(0)
            shutil.copyfileobj(stream, temp, length=1024 * 1024)
            temp.flush()
            os.fsync(temp.fileno())
        os.chmod(temp_name, FILE_MODE)
        target = directory / file_name
        os.replace(temp_name, target)
        _fsync_directory(directory)
    except BaseException as error:
        Path(temp_name).unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise StoreUnavailable(error) from error
        raise
    return target


class StoreUnavailable(PdfRejected):
    """The disk refused the file (full, read-only, permissions): nothing was saved."""

    def __init__(self, error: OSError):
        logger.error("PDF store write failed: %s", error)
        if error.errno in (errno.ENOSPC, errno.EDQUOT):
            super().__init__("The document store is full; nothing was saved.", status=507)
        else:
            super().__init__("The document store cannot be written; nothing was saved.", status=503)


def remove(file_name: str) -> None:
    path = pdf_path(file_name)
    if path.exists():
        path.unlink()
        _fsync_directory(path.parent)


def _fsync_directory(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
