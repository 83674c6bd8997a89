import pytest

from mailtracker.testing.corpus import Corpus


@pytest.fixture(scope="session")
def corpus(tmp_path_factory):
    """PDFs made by qpdf, Ghostscript and by hand, built once per test run."""
    return Corpus(tmp_path_factory.mktemp("corpus"))


@pytest.fixture(autouse=True)
def store(tmp_path, settings):
    settings.PDF_STORAGE_PATH = tmp_path / "pdfs"
    return settings.PDF_STORAGE_PATH
