"""Language: the cheap English gate never claims other languages; langdetect decides those."""

from __future__ import annotations

import pytest

from credscore.segment.language import detect_text_language

OTHER = {
    "de": "Die Bundesregierung hat am Mittwoch einen neuen Haushaltsentwurf vorgelegt, der "
          "deutliche Einsparungen bei den Ausgaben für Verteidigung und Soziales vorsieht.",
    "fr": "Le gouvernement a présenté mercredi un nouveau projet de budget qui prévoit des "
          "économies importantes dans les dépenses de défense et les prestations sociales.",
    "es": "El gobierno presentó el miércoles un nuevo proyecto de presupuesto que prevé "
          "recortes importantes en el gasto de defensa y en las prestaciones sociales.",
    "it": "Il governo ha presentato mercoledì un nuovo progetto di bilancio che prevede tagli "
          "importanti alla spesa per la difesa e alle prestazioni sociali per le famiglie.",
    "nl": "De regering heeft woensdag een nieuwe begroting gepresenteerd met forse bezuinigingen "
          "op defensie en sociale uitkeringen voor gezinnen en ouderen in het hele land.",
    "pl": "Rząd przedstawił w środę nowy projekt budżetu, który przewiduje duże cięcia wydatków "
          "na obronę i świadczenia socjalne dla rodzin oraz emerytów w całym kraju.",
    "sv": "Regeringen presenterade på onsdagen ett nytt budgetförslag med stora besparingar på "
          "försvaret och de sociala förmånerna för familjer och pensionärer i hela landet.",
    "id": "Pemerintah pada hari Rabu mengajukan rancangan anggaran baru yang memuat "
          "pemotongan besar untuk belanja pertahanan dan tunjangan sosial bagi keluarga.",
}


@pytest.mark.parametrize("code", sorted(OTHER))
def test_other_languages_go_to_langdetect(code: str) -> None:
    detected, _, method = detect_text_language(OTHER[code])
    assert method == "langdetect"
    assert detected == code


@pytest.mark.parametrize("text", [
    "British Airways has blamed high fuel prices for a 40% drop in profits in the quarter.",
    "Companies invest billions of dollars into computing infrastructure, engineering talent, "
    "data acquisition, safety research, and model training.",
    "Security, intellectual property protection, competitive conduct, and regulatory oversight "
    "are becoming increasingly important as AI transforms global industries.",
])
def test_english_is_recognised_without_langdetect(text: str) -> None:
    assert detect_text_language(text)[::2] == ("en", "function-words")


def test_short_text_is_not_guessed() -> None:
    assert detect_text_language("Bitcoin rallies")[0] == "unknown"


def test_a_list_of_names_is_not_prose_and_skips_langdetect() -> None:
    team = ("Esson, Hart, Anderson, Diamond, Byrne (Morrison 75), McNaughton, Heikkinen "
            "(Foster 27), Winter, Clark, Stewart, Kerr. Subs Not Used: Smith, Wilson.")
    assert detect_text_language(team) == ("unknown", 0.0, "not-prose")


def test_capitalised_german_nouns_do_not_make_prose_a_list() -> None:
    text = ("Die Regierung hat am Mittwoch im Bundestag einen Entwurf für den Haushalt, die "
            "Steuern und die Renten vorgelegt, der Kürzungen bei Verteidigung vorsieht.")
    assert detect_text_language(text)[0] == "de"
