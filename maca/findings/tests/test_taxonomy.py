from maca.findings.tagging.lexicon import THEME_CUES
from maca.findings.taxonomy import DEFAULT_THEMES, THEME_IDS, theme_named


def test_the_default_taxonomy_has_the_23_stable_ids_in_order():
    assert THEME_IDS[:3] == ("voice_of_child", "information_sharing", "domestic_abuse")
    assert THEME_IDS[-1] == "training_guidance"
    assert len(THEME_IDS) == len(set(THEME_IDS)) == 23
    assert theme_named("think_family").name == "Think family"
    assert all(theme.description for theme in DEFAULT_THEMES)


def test_every_default_theme_has_a_lexicon_and_nothing_else_does():
    assert set(THEME_CUES) == set(THEME_IDS)
    assert all(any(cue.weight >= 2 for cue in cues) for cues in THEME_CUES.values())
