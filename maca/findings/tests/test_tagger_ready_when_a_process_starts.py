"""A web process makes theme tagging ready as it starts (maca/wsgi.py), so the
first "Add as a strength" after a start does not wait for the model."""

import pytest

from maca.findings import warming
from maca.findings.tagging import alike, embedding, tagger


@pytest.fixture
def cold_tagger(monkeypatch):
    """A process in which nothing of the tagger is loaded yet."""
    monkeypatch.setattr(embedding, "_LOADED", {})
    monkeypatch.setattr(alike, "_SHARED", {})
    monkeypatch.setattr(tagger, "_DEFAULT", None)


def test_warming_up_loads_what_the_first_suggestion_would(cold_tagger):
    tagger.warm_up()

    assert tagger._DEFAULT is not None
    assert "embedder" in embedding._LOADED
    if embedding._LOADED["embedder"] is not None:  # the model is installed by make install
        assert "examples" in alike._SHARED


def test_a_starting_process_warms_up_in_the_background(cold_tagger, settings):
    settings.MACA_TAGGER_WARM_UP = True

    thread = warming.warm_up_in_background()

    assert thread is not None and thread.daemon
    thread.join(timeout=120)
    assert not thread.is_alive()
    assert tagger._DEFAULT is not None and "embedder" in embedding._LOADED


def test_warming_up_can_be_turned_off(cold_tagger, settings):
    settings.MACA_TAGGER_WARM_UP = False

    assert warming.warm_up_in_background() is None
    assert tagger._DEFAULT is None and embedding._LOADED == {}


def test_a_warm_up_that_fails_is_logged_and_the_process_goes_on(cold_tagger, monkeypatch, caplog):
    def broken():
        raise RuntimeError("disk unreadable")

    monkeypatch.setattr(tagger, "warm_up", broken)
    monkeypatch.setattr("maca.findings.tagging.warm_up", broken)

    warming._warm()

    assert "could not be made ready" in caplog.text
