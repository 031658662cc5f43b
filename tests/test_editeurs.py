"""Le travail de l'éditeur : l'année nouvelle, les années provisoires, les différences entre
années, et les barèmes publiés en données ouvertes (JSON, CSV, schéma)."""

from __future__ import annotations

import copy
import csv
import datetime as dt
import io
import json
import re
import shutil
from pathlib import Path

import pytest

import build
import calculator
from calculator.comparaison import comparer
from calculator.format import typographie
from construction import baremes_yaml, projet, schema


@pytest.fixture
def dossier_baremes(tmp_path, monkeypatch) -> Path:
    """Une copie de barèmes/ où le test peut créer des fichiers."""
    copie = tmp_path / "barèmes"
    shutil.copytree(projet.DOSSIER_BAREMES, copie)
    monkeypatch.setattr(projet, "DOSSIER_BAREMES", copie)
    monkeypatch.setattr(projet, "SCHEMA", copie / "schema.json")
    return copie


def dernier_publie(dossier: Path) -> str:
    publies = [
        c
        for c in dossier.glob("*.yaml")
        if baremes_yaml.verifier_fichier(c)[0]["statut"] == "publie"
    ]
    return max(c.stem for c in publies)


def annee_suivante(dossier: Path) -> str:
    """L'année qui suit la plus récente des barèmes : la seule que nouvelle-annee accepte."""
    debut = int(max(c.stem for c in dossier.glob("*.yaml"))[:4]) + 1
    return f"{debut}-{debut + 1}"


def test_nouvelle_annee_cree_un_bareme_provisoire_qui_passe_les_controles_et_se_construit(
    dossier_baremes, tmp_path, capsys
):
    publie = dernier_publie(dossier_baremes)
    precedente = max(c.stem for c in dossier_baremes.glob("*.yaml"))
    annee = annee_suivante(dossier_baremes)
    assert build.commande_nouvelle_annee(annee) == 0
    fichier = dossier_baremes / f"{annee}.yaml"
    donnees, erreurs = baremes_yaml.verifier_fichier(fichier)
    assert erreurs == []
    assert donnees["statut"] == "provisoire"
    # Fondé sur l'année d'avant, même provisoire ; ses valeurs sont celles du dernier publié.
    assert donnees["fonde_sur"] == precedente
    assert donnees["derniere_verification"] is None
    assert donnees["revenus_pris_en_compte"]["annee_des_revenus"] == int(annee[:4]) - 2
    assert donnees["revenus_pris_en_compte"]["annee_de_l_avis_d_imposition"] == int(annee[:4]) - 1
    base = baremes_yaml.verifier_fichier(dossier_baremes / f"{publie}.yaml")[0]
    assert donnees["plafonds"]["lignes"] == base["plafonds"]["lignes"]
    assert donnees["montants"]["lignes"] == base["montants"]["lignes"]
    assert donnees["aides_liees"]["aide_mobilite_master"]["reference"] == "decret_mobilite_master"
    # La dernière circulaire lue est gardée, avec ses références, non remise à blanc.
    assert donnees["references"]["circulaire"]["nor"] == base["references"]["circulaire"]["nor"]
    texte = fichier.read_text(encoding="utf-8")
    assert "docs/EDITER.md" in texte
    # « À COMPLÉTER » n'est écrit que dans des commentaires : aucune valeur n'en contient.
    lignes_a_completer = [ligne for ligne in texte.splitlines() if "À COMPLÉTER" in ligne]
    assert lignes_a_completer
    assert all("#" in ligne.split("À COMPLÉTER")[0] for ligne in lignes_a_completer)
    assert build.construire(tmp_path / "public").erreurs == []
    sortie = capsys.readouterr().out
    assert "créé : provisoire" in sortie
    if precedente != publie:
        assert f"lui-même provisoire (valeurs de {publie})" in sortie


def test_nouvelle_annee_refuse_de_sauter_une_annee(dossier_baremes, capsys):
    suivante = annee_suivante(dossier_baremes)
    sautee = f"{int(suivante[:4]) + 1}-{int(suivante[:4]) + 2}"
    assert build.commande_nouvelle_annee(sautee) == 1
    erreur = capsys.readouterr().err
    assert f"créez d'abord {suivante}" in erreur and "Rien n'a été écrit" in erreur
    assert not (dossier_baremes / f"{sautee}.yaml").exists()


def publier_tel_quel(fichier: Path, date: str) -> None:
    """Ce que ferait un éditeur pressé : statut publie, fonde_sur retiré, le reste inchangé."""
    texte = fichier.read_text("utf-8")
    texte = texte.replace("statut: provisoire", "statut: publie")
    texte = "\n".join(ligne for ligne in texte.splitlines() if not ligne.startswith("fonde_sur"))
    texte = texte.replace("derniere_verification: null", f'derniere_verification: "{date}"')
    fichier.write_text(texte, "utf-8")


def test_un_bareme_encore_a_relire_ne_peut_pas_etre_publie(dossier_baremes):
    annee = annee_suivante(dossier_baremes)
    assert build.commande_nouvelle_annee(annee) == 0
    fichier = dossier_baremes / f"{annee}.yaml"
    publier_tel_quel(fichier, dt.date.today().isoformat())
    _, erreurs = baremes_yaml.verifier_fichier(fichier)
    textes = [str(e) for e in erreurs]
    # Les deux arrêtés « pas encore relus » et chaque note de copie sont refusés, chacun à sa clé.
    assert any("references › arrete_plafonds" in t for t in textes), textes
    assert any("references › arrete_taux" in t for t in textes), textes
    assert any("plafonds › note" in t for t in textes), textes
    assert any("montants › note" in t for t in textes), textes
    assert all("barème publié" in t for t in textes), textes


def test_nouvelle_annee_refuse_une_annee_existante_ou_mal_ecrite(dossier_baremes, capsys):
    assert build.commande_nouvelle_annee("2025-2026") == 1
    assert "existe déjà" in capsys.readouterr().err
    assert build.commande_nouvelle_annee("2027-2029") == 1
    assert "n'est pas une année universitaire" in capsys.readouterr().err


def test_un_bareme_publie_ne_peut_pas_dire_fonde_sur(dossier_baremes):
    fichier = dossier_baremes / "2025-2026.yaml"
    fichier.write_text(
        fichier.read_text("utf-8").replace(
            "statut: publie", 'statut: publie\nfonde_sur: "2024-2025"'
        ),
        "utf-8",
    )
    _, erreurs = baremes_yaml.verifier_fichier(fichier)
    assert any("seul un barème provisoire reprend les valeurs" in str(e) for e in erreurs)


def test_un_bareme_provisoire_dit_sur_quelle_annee_il_se_fonde(dossier_baremes):
    annee = annee_suivante(dossier_baremes)
    assert build.commande_nouvelle_annee(annee) == 0
    fichier = dossier_baremes / f"{annee}.yaml"
    texte = fichier.read_text("utf-8")
    fichier.write_text(
        "\n".join(ligne for ligne in texte.splitlines() if not ligne.startswith("fonde_sur")),
        "utf-8",
    )
    _, erreurs = baremes_yaml.verifier_fichier(fichier)
    assert any('ajoutez « fonde_sur: "AAAA-AAAA" »' in str(e) for e in erreurs)


@pytest.fixture(scope="module")
def avec_une_annee_provisoire(tmp_path_factory):
    """Les barèmes du dépôt plus une année provisoire créée par nouvelle-annee (celle qui suit
    la plus récente)."""
    dossier = tmp_path_factory.mktemp("baremes") / "barèmes"
    shutil.copytree(projet.DOSSIER_BAREMES, dossier)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(projet, "DOSSIER_BAREMES", dossier)
        patch.setattr(projet, "SCHEMA", dossier / "schema.json")
        assert build.commande_nouvelle_annee(annee_suivante(dossier)) == 0
        baremes, erreurs = baremes_yaml.charger_baremes(baremes_yaml.fichiers_de_baremes())
        assert erreurs == []
        sortie = dossier.parent / "public"
        assert build.construire(sortie).erreurs == []
    return baremes, sortie


def test_l_estimation_d_une_annee_provisoire_le_dit(avec_une_annee_provisoire):
    baremes, _ = avec_une_annee_provisoire
    annee = max(baremes)
    entree = {
        "annee_universitaire": annee,
        "revenu_brut_global": 20000,
        "distance_km": 0,
        "enfants_a_charge": 0,
        "dont_etudiants_superieur": 0,
    }
    valide, resultat = calculator.calculer(entree, baremes)
    assert valide
    assert resultat["statut_bareme"] == "provisoire"
    fonde_sur = baremes[annee].fonde_sur
    message = next(
        a["message"] for a in resultat["avertissements"] if a["code"] == "bareme_provisoire"
    )
    assert message.startswith(
        f"Barème provisoire : nous n'avons pas encore relu les arrêtés {annee} ; "
        f"estimation fondée sur le barème {fonde_sur}"
    )
    # Fondé sur une année elle-même provisoire : il nomme la dernière année relue.
    publie = max(a for a, b in baremes.items() if b.statut == "publie")
    assert f"valeurs de {publie}, dernière année dont nous avons relu les textes" in message


def test_chaque_page_qui_montre_une_annee_provisoire_le_dit(avec_une_annee_provisoire):
    baremes, site = avec_une_annee_provisoire
    annee = max(baremes)
    phrase = typographie(
        f"<strong>Barème provisoire</strong> : nous n'avons pas encore relu les arrêtés {annee}. "
        f"Ses chiffres sont repris de {baremes[annee].fonde_sur}"
    )
    pages = 0
    for page in site.rglob("*.html"):
        texte = page.read_text(encoding="utf-8")
        if annee in texte:
            pages += 1
            # La phrase entière, ou (à propos) l'année dans la liste des barèmes provisoires.
            assert phrase in texte or "Barèmes provisoires, pas encore relus" in texte, page
    assert pages >= 7


@pytest.fixture(scope="module")
def site(site_construit: Path) -> Path:
    """Le site de la session (tests/conftest.py), construit aujourd'hui."""
    return site_construit


def test_la_difference_entre_2022_2023_et_2023_2024_est_exacte(baremes):
    c = comparer(baremes["2022-2023"], baremes["2023-2024"])
    montants = c.du_bloc("montants")
    assert len(montants) == 16  # 8 échelons × (10 mois, 12 mois)
    assert {m.apres - m.avant for m in montants if "10 mois" in m.lieu} == {370}
    assert (
        montants[0].texte == "échelon 0bis, sur 10 mois : 1\u202f084\u00a0€ → 1\u202f454\u00a0€ "
        "(+370\u00a0€, +34,1 %)"
    )
    plafonds = c.du_bloc("plafonds")
    assert len(plafonds) == 144
    assert all(p.apres == int(p.avant * 106 / 100 + 0.5) for p in plafonds)
    assert [(p.lieu, p.avant, p.apres) for p in c.du_bloc("points_de_charge")] == [
        ("handicap", None, "4 points"),
        ("étudiant aidant", None, "4 points"),
    ]
    assert [a.lieu for a in c.du_bloc("aides_liees")] == ["majoration outre-mer"]
    assert [r.lieu for r in c.du_bloc("references")] == [
        "arrêté des plafonds",
        "arrêté des taux",
        "circulaire",
    ]
    assert not c.plafonds_identiques and not c.montants_identiques


def test_la_difference_entre_2024_2025_et_2025_2026_montre_calendrier_textes_et_pass_sport(
    baremes, capsys
):
    c = comparer(baremes["2024-2025"], baremes["2025-2026"])
    assert c.plafonds_identiques and c.montants_identiques
    assert [ch.texte for ch in c.du_bloc("calendrier")] == [
        "ouverture du dossier social étudiant : 1er mars 2024 → 13 mars 2025",
        "clôture du dossier social étudiant : 31 mai 2024 → 31 mai 2025",
    ]
    # Le Pass'Sport des boursiers passe de 50 à 70 € en 2025 (sports.gouv.fr).
    assert [ch.texte for ch in c.du_bloc("aides_liees")] == ["Pass'Sport : 50\u00a0€ → 70\u00a0€"]
    assert len(c.changements) == 6
    assert build.commande_comparer("2024-2025", "2025-2026") == 0
    sortie = capsys.readouterr().out
    assert "Montants (taux annuels) : inchangés" in sortie
    assert "Plafonds de ressources : inchangés" in sortie


def test_le_site_note_les_annees_gelees(site):
    texte = (site / "ce-qui-change" / "index.html").read_text(encoding="utf-8")
    assert "inchangés depuis 2023-2024, alors que les revenus augmentent" in texte


def test_chaque_fichier_json_publie_suit_le_schema_et_egale_son_yaml(site, donnees_baremes):
    import jsonschema

    schema = json.loads((site / "donnees" / "schema-bareme.json").read_text(encoding="utf-8"))
    validateur = jsonschema.Draft202012Validator(schema)
    index = json.loads((site / "donnees" / "baremes" / "index.json").read_text(encoding="utf-8"))
    assert [a["annee_universitaire"] for a in index["annees"]] == sorted(donnees_baremes)
    for entree in index["annees"]:
        publie = json.loads((site / "donnees" / "baremes" / entree["bareme"]).read_text("utf-8"))
        assert list(validateur.iter_errors(publie)) == []
        assert publie == json.loads(json.dumps(donnees_baremes[entree["annee_universitaire"]]))
        assert entree["statut"] == publie["statut"]
        assert entree["derniere_verification"] == publie["derniere_verification"]


def test_chaque_csv_est_le_tableau_des_plafonds(site, donnees_baremes):
    for annee, bareme in donnees_baremes.items():
        texte = (site / "donnees" / "baremes" / f"plafonds-{annee}.csv").read_text("utf-8")
        lignes = list(csv.reader(io.StringIO(texte)))
        assert lignes[0] == ["points_de_charge", *(f"echelon_{e}" for e in calculator.ECHELONS)]
        tableau = {int(ligne[0]): [int(v) for v in ligne[1:]] for ligne in lignes[1:]}
        assert tableau == bareme["plafonds"]["lignes"]


def test_chaque_yaml_suit_le_schema_publie(donnees_baremes):
    for bareme in donnees_baremes.values():
        assert schema.problemes_du_schema(bareme) == []


def test_le_schema_signale_en_francais_une_valeur_hors_format(donnees_baremes):
    abime = copy.deepcopy(donnees_baremes["2025-2026"])
    abime["plafonds"]["lignes"][4][3] = "24603"
    abime["statut"] = "brouillon"
    problemes = schema.problemes_du_schema(abime)
    # Au chemin du fichier lu (la ligne 4 y a pour clé le nombre 4), sans un mot d'anglais.
    assert [(p.chemin, p.message) for p in problemes] == [
        (
            ("plafonds", "lignes", 4, 3),
            "un montant entier en euros est attendu, « 24603 » trouvé",
        ),
        (
            ("statut",),
            "« brouillon » n'est pas un statut connu (valeurs possibles : publie, provisoire)",
        ),
    ]


# Le YAML mal écrit : un message en français, à l'endroit à corriger ------------------------


def erreurs_du_texte(dossier: Path, texte: str) -> list[str]:
    """Les erreurs que « python build.py verifier » afficherait pour ce fichier de barème."""
    fichier = dossier / "2025-2026.yaml"
    fichier.write_text(texte, encoding="utf-8")
    return [str(erreur) for erreur in baremes_yaml.verifier_fichier(fichier)[1]]


@pytest.mark.parametrize(
    ("texte", "lieu", "conseil"),
    [
        pytest.param(
            'montants:\n  lignes:\n\t"0bis": [1454, 1745]\n',
            "3:1",
            "tabulation : indentez avec des espaces",
            id="tabulation",
        ),
        pytest.param(
            'montants:\n  lignes:\n    "0bis": [1454, 1745]\n   "1": [2163, 2596]\n',
            "4:4",
            "indentation : cette ligne n'est alignée sur aucune clé au-dessus",
            id="ligne moins indentée",
        ),
        pytest.param(
            "montants:\n  unite: euros\n    note: inchangés\n",
            "3:9",
            "« : » inattendu : YAML lit cette ligne comme la suite de la précédente : vérifiez son "
            "indentation",
            id="ligne plus indentée",
        ),
        pytest.param(
            "montants:\n  note: Voir l'annexe: tableau 2\n",
            "2:22",
            "« : » dans un texte sans guillemets : mettez le texte entre guillemets",
            id="deux-points dans un texte",
        ),
        pytest.param(
            'annee_universitaire: "2025-2026\nstatut: publie\n',
            "1:22",
            "guillemet non fermé",
            id="guillemet jamais fermé",
        ),
        pytest.param(
            'montants:\n  lignes:\n    "0bis": [1454, 1745\n    "1": [2163, 2596]\n',
            "3:13",
            "liste ouverte par « [ » et jamais fermée",
            id="crochet jamais fermé",
        ),
        pytest.param(
            "montants:\n  unite: euros\n  note\n  fiabilite: lu\n",
            "3:3",
            "« : » manquant",
            id="deux-points manquants",
        ),
        pytest.param(
            "montants:\n  note: rappel\x07\n",
            "2:15",
            "caractère invisible interdit (U+0007)",
            id="caractère de contrôle",
        ),
    ],
)
def test_une_faute_de_syntaxe_yaml_est_expliquee_en_francais(tmp_path, texte, lieu, conseil):
    erreurs = erreurs_du_texte(tmp_path, texte)
    assert len(erreurs) == 1
    assert f"2025-2026.yaml:{lieu} : YAML invalide : {conseil}" in erreurs[0]
    assert not any(mot in erreurs[0] for mot in ("found", "expected", "allowed", "token"))


def test_un_guillemet_non_ferme_est_signale_a_sa_ligne_et_non_a_la_suivante(tmp_path):
    # Le guillemet suivant (ligne 4) ferme le texte trop tard : PyYAML se plaint ligne 4.
    texte = (
        "references:\n"
        "  arrete_taux:\n"
        '    date: "2025-04-15\n'
        '    note: "Second arrêté de la même date"\n'
        "    nature: texte_officiel\n"
    )
    assert [e.split("2025-2026.yaml:")[1] for e in erreurs_du_texte(tmp_path, texte)] == [
        "3:11 : YAML invalide : guillemet non fermé : le texte qui commence ici par un "
        "guillemet doit se terminer, sur la même ligne, par le même guillemet"
    ]


def test_une_faute_yaml_inconnue_garde_le_message_d_origine_entre_parentheses(tmp_path):
    (erreur,) = erreurs_du_texte(tmp_path, "montants:\n  note: |x\n")
    assert "2025-2026.yaml:2:10 : YAML invalide : syntaxe incorrecte : vérifiez" in erreur
    assert "(PyYAML dit : " in erreur and "expected chomping" in erreur


# Une virgule décimale dans une liste entre crochets ----------------------------------------

CONSEIL_VIRGULE = (
    "une virgule sépare les cases : écrivez les nombres sans virgule décimale ni espace "
    "(par exemple 1483)"
)


def erreurs_apres_remplacement(dossier: Path, motif: str, remplacement: str) -> list[str]:
    """Les erreurs de barèmes/2025-2026.yaml (copie) après une seule substitution."""
    fichier = dossier / "2025-2026.yaml"
    texte, n = re.subn(motif, remplacement, fichier.read_text("utf-8"), count=1)
    assert n == 1, motif
    return erreurs_du_texte(dossier, texte)


def test_une_virgule_decimale_dans_les_montants_est_signalee_comme_telle(dossier_baremes):
    erreurs = erreurs_apres_remplacement(
        dossier_baremes, r'"0bis": \[\d+, (\d+)\]', r'"0bis": [1 454,5, \1]'
    )
    assert len(erreurs) == 1
    assert (
        "montants, échelon 0bis : deux taux sont attendus : [taux sur 10 mois, taux sur 12 mois]"
        f" ; {CONSEIL_VIRGULE}" in erreurs[0]
    )


def test_une_virgule_decimale_dans_les_plafonds_est_signalee_comme_telle(dossier_baremes):
    erreurs = erreurs_apres_remplacement(dossier_baremes, r"(\n    7: +\[ *\d+),", r"\1,5,")
    assert len(erreurs) == 1
    assert (
        "plafonds, 7 points de charge : 8 plafonds attendus (échelons 0bis à 7), 9 trouvés : "
        f"case en trop ; {CONSEIL_VIRGULE}" in erreurs[0]
    )


def test_une_case_en_trop_sans_virgule_collee_ne_parle_pas_de_virgule(dossier_baremes):
    erreurs = erreurs_apres_remplacement(
        dossier_baremes, r'"0bis": \[(\d+), (\d+)\]', r'"0bis": [\1, \2, 1800]'
    )
    assert len(erreurs) == 1
    assert "deux taux sont attendus" in erreurs[0]
    assert "virgule" not in erreurs[0]


# Un barème publié ne garde pas les notes de copie de l'échafaudage -------------------------


@pytest.mark.parametrize(
    "note",
    [
        "Valeurs copiées du barème 2024-2025 : pas encore relues pour 2025-2026.",
        "VALEURS COPIÉES DU BARÈME 2024-2025.",
        "Montants repris en attendant l’arrêté 2025-2026.",
        "Pas encore relu par le projet.",
    ],
)
def test_un_bareme_publie_refuse_les_notes_de_copie(dossier_baremes, note):
    erreurs = erreurs_apres_remplacement(
        dossier_baremes, r'(\nmontants:\n(?:  .*\n)*?  note: )".*"', rf'\1"{note}"'
    )
    assert len(erreurs) == 1
    assert erreurs[0].endswith(
        "montants › note : note de copie du barème provisoire dans un barème publié : "
        "remplacez-la par ce que vous avez lu, ou supprimez-la"
    )


def test_un_bareme_provisoire_garde_ses_notes_de_copie(dossier_baremes):
    fichier = dossier_baremes / "2025-2026.yaml"
    texte = fichier.read_text("utf-8").replace(
        "statut: publie", 'statut: provisoire\nfonde_sur: "2024-2025"'
    )
    texte, n = re.subn(
        r'(\nmontants:\n(?:  .*\n)*?  note: )".*"',
        r'\1"Valeurs copiées du barème 2024-2025 : pas encore relues pour 2025-2026."',
        texte,
        count=1,
    )
    assert n == 1
    assert erreurs_du_texte(dossier_baremes, texte) == []


# --- Fautes de publication relevées par l'essai d'un éditeur (2026-12) --------------------


def erreurs_apres(dossier: Path, remplacements: list[tuple[str, str]]) -> list[str]:
    """Les messages de check sur 2025-2026 après des remplacements de texte."""
    fichier = dossier / "2025-2026.yaml"
    texte = fichier.read_text(encoding="utf-8")
    for ancien, nouveau in remplacements:
        assert ancien in texte, ancien
        texte = texte.replace(ancien, nouveau, 1)
    fichier.write_text(texte, encoding="utf-8")
    _, erreurs = baremes_yaml.verifier_fichier(fichier)
    return [str(e).split(" : ", 1)[1] for e in erreurs]


def test_un_meme_nor_sur_deux_textes_est_refuse(dossier_baremes):
    """Le NOR de la circulaire recopié sur l'arrêté des taux."""
    messages = erreurs_apres(
        dossier_baremes,
        [
            (
                '    date: "2025-04-15"\n    note: "Second',
                '    date: "2025-04-15"\n    nor: "ESRS2413977C"\n    note: "Second',
            )
        ],
    )
    assert messages == [
        "references › circulaire › nor : le NOR « ESRS2413977C » est déjà celui de "
        "« arrete_taux » : deux textes n'ont jamais le même NOR (copier-coller ?)"
    ]


def test_des_dates_du_dse_sans_source_sont_refusees(dossier_baremes):
    messages = erreurs_apres(
        dossier_baremes,
        [
            (
                "  sources: [service_public_dse]\n  fiabilite: lu\n",
                "  sources: []\n  fiabilite: inconnu\n",
            )
        ],
    )
    assert messages == [
        "dossier_social_etudiant › fiabilite : des dates sont indiquées, mais leur certitude est "
        "« inconnu » : citez dans « sources » la page où vous les avez lues, et passez à « lu »"
    ]


def test_une_relecture_datee_d_un_jour_a_venir_est_refusee(dossier_baremes):
    messages = erreurs_apres(
        dossier_baremes,
        [('derniere_verification: "2026-11-22"', 'derniere_verification: "2062-11-22"')],
    )
    assert messages == [
        "derniere_verification : la date « 2062-11-22 » n'est pas encore arrivée : datez la "
        "relecture du jour où vous l'avez faite"
    ]
