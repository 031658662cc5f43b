"""Chaque question des blocs facultatifs est déclarée une fois (calculator/questions.py) : la
lecture de l'entrée, le formulaire du simulateur, la documentation et les stratégies de tests en
sont tirés. Ces tests vérifient que rien ne s'en écarte."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from calculator import blocs
from calculator.questions import (
    BOOLEEN,
    CHOIX,
    QUESTIONS,
    question,
    questions_de_l_etape,
    questions_du_formulaire_principal,
)
from construction import documentation, projet

TOUTES = [q for liste in QUESTIONS.values() for q in liste]


VIDES = {"input", "br", "img", "meta", "link", "hr", "source"}


class _Questions(HTMLParser):
    """Les questions d'une page : pour chaque data-cle, son type, ses valeurs et sa condition."""

    def __init__(self) -> None:
        super().__init__()
        self.questions: dict[str, list[dict]] = {}
        self._ouverte: dict | None = None
        self._profondeur = 0

    def handle_starttag(self, balise, attributs):
        a = dict(attributs)
        if "data-cle" in a:
            self._ouverte = {"type": a["data-type"], "si": a.get("data-si"), "valeurs": []}
            self._ouverte["profondeur"] = self._profondeur
            self.questions.setdefault(a["data-cle"], []).append(self._ouverte)
        elif self._ouverte and balise in ("option", "input") and a.get("value"):
            self._ouverte["valeurs"].append(a["value"])
        if balise not in VIDES:
            self._profondeur += 1

    def handle_endtag(self, balise):
        self._profondeur -= 1
        if self._ouverte and self._profondeur == self._ouverte["profondeur"]:
            self._ouverte = None


@pytest.fixture(scope="module")
def formulaire(site_construit: Path) -> dict[str, list[dict]]:
    lecteur = _Questions()
    lecteur.feed((site_construit / "simulateur" / "index.html").read_text(encoding="utf-8"))
    return lecteur.questions


def test_la_table_de_docs_interface_est_celle_des_questions_declarees():
    texte = (projet.RACINE / "docs" / "interface.md").read_text(encoding="utf-8")
    assert documentation.avec_la_table(texte) == texte, (
        "docs/interface.md n'a plus la table des questions de calculator/questions.py : "
        "python -m construction.documentation la réécrit"
    )


def test_la_lecture_de_l_entree_connait_exactement_les_cles_declarees():
    for nom, (classe, champs) in blocs.BLOCS.items():
        assert [c.cle for c in champs] == [q.cle for q in QUESTIONS[nom]]
        assert list(classe.__dataclass_fields__) == [q.cle for q in QUESTIONS[nom]]


def test_chaque_question_du_formulaire_est_declaree_et_chaque_question_declaree_est_posee(
    formulaire,
):
    posees = {q.nom for q in TOUTES if q.dans_le_formulaire}
    assert set(formulaire) == posees


@pytest.mark.parametrize("q", [q for q in TOUTES if q.dans_le_formulaire], ids=lambda q: q.nom)
def test_le_formulaire_pose_la_question_avec_son_type_ses_valeurs_et_sa_condition(q, formulaire):
    for posee in formulaire[q.nom]:
        attendu = "case" if q.presentation == "case" else q.type
        assert posee["type"] == attendu
        if q.type == BOOLEEN and q.presentation != "case":
            assert posee["valeurs"] == ["1", "0"]
        elif q.choix:
            assert posee["valeurs"] == list(q.valeurs)
    assert formulaire[q.nom][0]["si"] == q.si


@pytest.mark.parametrize("q", [q for q in TOUTES if q.si], ids=lambda q: q.nom)
def test_la_condition_d_une_question_vise_une_question_declaree_et_ses_valeurs(q):
    cle, _, valeurs = re.match(r"^([\w.]+)(!?=)(.*)$", q.si).groups()
    visee = question(cle)
    permises = {"0", "1"} if visee.type == BOOLEEN else set(visee.valeurs)
    assert visee.bloc == q.bloc and set(valeurs.split("|")) <= permises


@pytest.mark.parametrize("q", [q for q in TOUTES if q.type == CHOIX], ids=lambda q: q.nom)
def test_chaque_valeur_declaree_est_acceptee_et_une_autre_refusee_en_nommant_la_cle(q):
    contexte = {"nationalite": _nationalite_de(q.cle)} if q.bloc == "eligibilite" else {}
    for valeur in q.valeurs:
        _, erreurs = blocs.lire_complements({q.bloc: {**contexte, q.cle: valeur}}, 2025)
        assert not erreurs, (q.nom, valeur)
    _, erreurs = blocs.lire_complements({q.bloc: {**contexte, q.cle: "inconnue"}}, 2025)
    assert [e.champ for e in erreurs] == [q.nom]


def _nationalite_de(cle: str) -> str | None:
    """La nationalité qu'exige une sous-question de nationalité (None : aucune)."""
    if cle in blocs._SOUS_CLES_DE_NATIONALITE:
        return blocs._SOUS_CLES_DE_NATIONALITE[cle][0]
    return None


def test_le_formulaire_principal_pose_trois_questions_qui_ne_sont_plus_dans_les_etapes():
    principales = questions_du_formulaire_principal()
    assert [q.nom for q in principales] == [
        "eligibilite.premiere_demande",
        "eligibilite.date_de_naissance",
        "ressources.avis_saisi",
    ]
    assert all(q.formulaire_principal and q.dans_le_formulaire for q in principales)
    dans_les_etapes = {q.nom for bloc in QUESTIONS for q in questions_de_l_etape(bloc)}
    assert not dans_les_etapes & {q.nom for q in principales}
    assert question("ressources.avis_saisi").valeurs == (
        "parents_ensemble",
        "parent_separe",
        "parent_isole",
        "foyer_etudiant",
    )


def test_chaque_question_du_formulaire_principal_est_posee_une_seule_fois(formulaire):
    for q in questions_du_formulaire_principal():
        assert len(formulaire[q.nom]) == 1, q.nom
