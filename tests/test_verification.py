"""`python build.py verifier` sur des fichiers abîmés à la main : chaque faute est trouvée,
située (fichier, ligne, colonne, case) et expliquée en français ; rien n'est signalé à tort."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from construction import baremes_yaml, schema, yaml_strict

RACINE = Path(__file__).resolve().parent.parent
ORIGINAL = (RACINE / "barèmes" / "2025-2026.yaml").read_text(encoding="utf-8")
LIGNE_4 = "    4:  [ 50668, 34450, 27846, 24603, 21412, 18285, 11533,  1325]"
TABLEAU_PRESSE = RACINE / "tests" / "donnees" / "plafonds-presse-2023-2024.txt"


def verifier(tmp_path: Path, texte: str, nom: str = "2025-2026.yaml") -> list[yaml_strict.Erreur]:
    chemin = tmp_path / nom
    chemin.write_text(texte, encoding="utf-8")
    _, erreurs = baremes_yaml.verifier_fichier(chemin)
    return erreurs


def remplacer(ancien: str, nouveau: str, texte: str = ORIGINAL) -> str:
    assert texte.count(ancien) == 1, f"motif absent ou répété : {ancien!r}"
    return texte.replace(ancien, nouveau)


def numero_de_ligne(texte: str, fragment: str) -> int:
    return next(i for i, ligne in enumerate(texte.splitlines(), 1) if fragment in ligne)


def test_le_fichier_d_origine_est_sans_probleme(tmp_path):
    assert verifier(tmp_path, ORIGINAL) == []


def test_une_cle_en_double_est_refusee_avec_sa_ligne(tmp_path):
    texte = remplacer("    5:  [", LIGNE_4 + "\n    5:  [")
    erreurs = verifier(tmp_path, texte)
    assert len(erreurs) == 1
    assert "clé « 4 » en double" in erreurs[0].texte
    assert erreurs[0].position.ligne == numero_de_ligne(texte, "    4:") + 1


def test_une_ligne_manquante_est_nommee(tmp_path):
    texte = remplacer(LIGNE_4 + "\n", "")
    messages = [e.texte for e in verifier(tmp_path, texte)]
    assert any("la ligne « 4 points de charge » manque" in m for m in messages)


def test_une_ligne_en_trop_est_nommee(tmp_path):
    ligne_18 = "    18: [105000, 71000, 57000, 51000, 44000, 38000, 24000,  5000]"
    texte = remplacer("\nmontants:", f"{ligne_18}\n\nmontants:".replace("\n\n\n", "\n\n"))
    texte = texte.replace("4770]\n\n" + ligne_18, "4770]\n" + ligne_18)
    erreurs = verifier(tmp_path, texte)
    assert [e.texte for e in erreurs] == [
        "plafonds, 18 points de charge : ligne inattendue « 18 » : le tableau a une ligne par "
        "nombre de points de charge, de 0 à 17"
    ]
    assert erreurs[0].position.ligne == numero_de_ligne(texte, "    18:")


def test_une_case_manquante_est_signalee_sur_sa_ligne(tmp_path):
    texte = remplacer(LIGNE_4, "    4:  [ 50668, 34450, 27846, 24603, 21412, 18285, 11533]")
    erreurs = verifier(tmp_path, texte)
    assert len(erreurs) == 1
    assert erreurs[0].texte.startswith("plafonds, 4 points de charge : 8 plafonds attendus")
    assert "7 trouvés : il manque une case" in erreurs[0].texte
    assert erreurs[0].position.ligne == numero_de_ligne(texte, "    4:")


def test_une_case_en_trop_est_signalee(tmp_path):
    texte = remplacer(LIGNE_4, LIGNE_4[:-1] + ", 100]")
    messages = [e.texte for e in verifier(tmp_path, texte)]
    assert messages == [
        "plafonds, 4 points de charge : 8 plafonds attendus (échelons 0bis à 7), 9 trouvés : "
        "case en trop"
    ]


def test_une_valeur_non_numerique_est_signalee_a_sa_case(tmp_path):
    texte = remplacer(LIGNE_4, LIGNE_4.replace("24603", "24 6O3"))
    erreurs = verifier(tmp_path, texte)
    assert len(erreurs) == 1
    assert erreurs[0].texte == (
        "plafonds, 4 points de charge, échelon 3 : un montant entier en euros est attendu, "
        "« 24 6O3 » trouvé"
    )
    ligne = numero_de_ligne(texte, "24 6O3")
    colonne = texte.splitlines()[ligne - 1].index("24 6O3") + 1
    assert (erreurs[0].position.ligne, erreurs[0].position.colonne) == (ligne, colonne)


def test_une_valeur_negative_est_signalee_seule(tmp_path):
    # Le schéma la dit ; ni le taux sur 12 mois ni l'ordre des taux ne la redisent.
    texte = remplacer('    "2":    [3071, 3685]', '    "2":    [-3071, 3685]')
    messages = [e.texte for e in verifier(tmp_path, texte)]
    assert messages == [
        "montants, échelon 2, colonne sur_10_mois : une valeur strictement positive est attendue, "
        "-3071 trouvé"
    ]


def test_une_cle_inconnue_est_signalee_avec_une_suggestion(tmp_path):
    texte = remplacer(
        '  description: "Plafonds de ressources', '  descripton: "Plafonds de ressources'
    )
    messages = [e.texte for e in verifier(tmp_path, texte)]
    assert (
        "plafonds › descripton : clé inconnue « descripton » dans plafonds : "
        "vouliez-vous écrire « description » ?" in messages
    )
    assert "plafonds : la clé « description » manque dans plafonds" in messages


def test_une_annee_qui_ne_correspond_pas_au_nom_du_fichier(tmp_path):
    erreurs = verifier(tmp_path, ORIGINAL, nom="2024-2025.yaml")
    assert any(
        "le fichier annonce l'année 2025-2026, mais son nom est celui de l'année 2024-2025"
        in e.texte
        for e in erreurs
    )
    assert erreurs[0].position.ligne == numero_de_ligne(ORIGINAL, "annee_universitaire:")


def test_une_reference_a_une_source_non_definie(tmp_path):
    texte = remplacer("  reference: arrete_plafonds", "  reference: arrete_plafond")
    erreurs = verifier(tmp_path, texte)
    assert [e.texte for e in erreurs] == [
        "plafonds › reference : la source « arrete_plafond » n'est pas définie dans "
        "« references » : vouliez-vous écrire « arrete_plafonds » ?"
    ]
    assert erreurs[0].position.ligne == numero_de_ligne(texte, "reference: arrete_plafond")


def test_une_date_ecrite_sans_guillemets_reste_du_texte_mais_doit_exister(tmp_path):
    texte = remplacer('derniere_verification: "2026-11-22"', "derniere_verification: 2026-02-30")
    assert [e.texte for e in verifier(tmp_path, texte)] == [
        "derniere_verification : la date « 2026-02-30 » n'existe pas"
    ]


def test_oui_non_ne_deviennent_pas_des_booleens(tmp_path):
    texte = remplacer("statut: publie", "statut: yes")
    assert any("« yes » n'est pas un statut connu" in e.texte for e in verifier(tmp_path, texte))


def test_des_plafonds_qui_ne_baissent_pas_quand_l_echelon_monte(tmp_path):
    # Deux cases de la ligne 4 échangées (échelons 3 et 4).
    texte = remplacer(LIGNE_4, LIGNE_4.replace("24603, 21412", "21412, 24603"))
    messages = [e.texte for e in verifier(tmp_path, texte)]
    assert any(
        m.startswith(
            "plafonds, 4 points de charge, échelon 4 : 24\u202f603\u00a0€ n'est pas inférieur "
            "au plafond de l'échelon 3"
        )
        for m in messages
    )


def test_des_plafonds_qui_ne_montent_pas_avec_les_points(tmp_path):
    # La case de l'échelon 0bis, ligne 4, recopiée depuis la ligne 3.
    texte = remplacer(LIGNE_4, LIGNE_4.replace("50668", "46767"))
    messages = [e.texte for e in verifier(tmp_path, texte)]
    assert any(
        "plafonds, 4 points de charge, échelon 0bis : 46\u202f767\u00a0€ n'est pas supérieur au "
        "plafond de la ligne « 3 points de charge »" in m
        for m in messages
    )


def test_des_montants_qui_ne_montent_pas_avec_l_echelon(tmp_path):
    texte = remplacer('    "5":    [5212, 6254]', '    "5":    [4212, 5054]')
    messages = [e.texte for e in verifier(tmp_path, texte)]
    assert any(
        m.startswith(
            "montants, échelon 5, colonne sur_10_mois : 4\u202f212\u00a0€ n'est pas supérieur"
        )
        for m in messages
    )


def test_un_taux_sur_12_mois_qui_n_est_pas_1_2_fois_le_taux_sur_10_mois(tmp_path):
    texte = remplacer('    "7":    [6335, 7602]', '    "7":    [6335, 7601]')
    assert [e.texte for e in verifier(tmp_path, texte)] == [
        "montants, échelon 7, colonne sur_12_mois : 7\u202f601\u00a0€ devrait valoir 1,2 × "
        "6\u202f335\u00a0€ arrondi à l'euro, soit 7\u202f602\u00a0€ (12 mensualités égales à "
        "celles des 10 mois)"
    ]


@pytest.mark.parametrize(
    ("valeur_fausse", "nature"),
    [("24063", "deux chiffres inversés"), ("26500", "valeur de la case du dessous")],
)
def test_une_coquille_qui_garde_le_tableau_monotone_est_trouvee(tmp_path, valeur_fausse, nature):
    texte = remplacer(LIGNE_4, LIGNE_4.replace("24603", valeur_fausse))
    erreurs = verifier(tmp_path, texte)
    suspectes = [e for e in erreurs if "progression régulière" in e.texte]
    assert len(suspectes) == 1, nature
    assert suspectes[0].texte.startswith("plafonds, 4 points de charge, échelon 3 : ")
    attendu = re.search(r"environ 24\u202f(\d{3})\u00a0€ attendus", suspectes[0].texte)
    assert attendu and abs(int(attendu.group(1)) - 603) <= 10  # la valeur juste, à l'arrondi près


def lire_tableau_de_presse() -> dict[int, list[int]]:
    lignes = {}
    for ligne in TABLEAU_PRESSE.read_text(encoding="utf-8").splitlines():
        if re.match(r"^\d+ \|", ligne):
            cases = [c.strip() for c in ligne.split("|") if c.strip()]
            lignes[int(cases[0])] = [int(c.replace(" ", "")) for c in cases[1:]]
    assert sorted(lignes) == list(range(18))
    return lignes


def test_le_tableau_de_presse_2023_2024_a_exactement_ses_trois_coquilles_signalees(tmp_path):
    """Le tableau imprimé par la presse, placé dans le fichier 2023-2024 : la vérification doit
    trouver chaque case fausse et aucune case juste, sans qu'on lui dise où elles sont."""
    texte = (RACINE / "barèmes" / "2023-2024.yaml").read_text(encoding="utf-8")
    for points, valeurs in lire_tableau_de_presse().items():
        texte, n = re.subn(
            rf"^    {points}:\s+\[[^\]]*\]",
            f"    {points}: [{', '.join(map(str, valeurs))}]",
            texte,
            count=1,
            flags=re.MULTILINE,
        )
        assert n == 1
    erreurs = verifier(tmp_path, texte, nom="2023-2024.yaml")
    lieux = sorted(e.texte.split(" : ")[0] for e in erreurs)
    assert lieux == [
        "plafonds, 10 points de charge, échelon 6",
        "plafonds, 4 points de charge, échelon 3",
        "plafonds, 6 points de charge, échelon 2",
    ]
    for erreur in erreurs:
        ligne = texte.splitlines()[erreur.position.ligne - 1]
        assert ligne.lstrip().startswith(erreur.texte.split(",")[1].split()[0] + ":")


def test_aucune_fausse_alerte_sur_les_tableaux_officiels(donnees_baremes):
    from calculator.verification import cases_suspectes

    for annee, contenu in donnees_baremes.items():
        lignes = contenu["plafonds"]["lignes"]
        for i in range(8):
            assert cases_suspectes([lignes[p][i] for p in range(18)]) == [], (annee, i)


def test_la_commande_verifier_sort_en_erreur_et_ecrit_en_francais(tmp_path):
    chemin = tmp_path / "2025-2026.yaml"
    chemin.write_text(remplacer("  reference: arrete_plafonds", "  reference: inconnue"), "utf-8")
    sortie = subprocess.run(
        [sys.executable, "build.py", "verifier", str(chemin)],
        cwd=RACINE,
        capture_output=True,
        text=True,
        check=False,
    )
    assert sortie.returncode == 1
    assert f"{chemin}:" in sortie.stderr
    assert "la source « inconnue » n'est pas définie" in sortie.stderr
    assert "1 problème : rien n'a été écrit." in sortie.stderr


def test_la_commande_verifier_sans_argument_verifie_tout_le_dossier():
    sortie = subprocess.run(
        [sys.executable, "build.py", "check"],
        cwd=RACINE,
        capture_output=True,
        text=True,
        check=False,
    )
    assert sortie.returncode == 0, sortie.stderr
    assert "barèmes/2025-2026.yaml : aucun problème" in sortie.stdout


# L'aide à la mobilité internationale : ses deux durées de séjour ---------------------------

DUREES_2025 = "    duree_minimale_mois: 1\n    duree_maximale_mois: 10\n"


def test_une_aide_a_la_mobilite_internationale_sans_durees_est_refusee(tmp_path):
    texte = remplacer(DUREES_2025, "")
    messages = [e.texte for e in verifier(tmp_path, texte)]
    assert messages == [
        "aides_liees › aide_mobilite_internationale : la clé « duree_minimale_mois » manque dans "
        "aides_liees › aide_mobilite_internationale",
        "aides_liees › aide_mobilite_internationale : la clé « duree_maximale_mois » manque dans "
        "aides_liees › aide_mobilite_internationale",
    ]


def test_une_duree_minimale_plus_longue_que_la_maximale_est_refusee(tmp_path):
    texte = remplacer(DUREES_2025, "    duree_minimale_mois: 10\n    duree_maximale_mois: 1\n")
    erreurs = verifier(tmp_path, texte)
    assert [e.texte for e in erreurs] == [
        "aides_liees › aide_mobilite_internationale › duree_maximale_mois : "
        "« duree_maximale_mois » (1 mois) est plus courte que « duree_minimale_mois » (10 mois) : "
        "la durée maximale du séjour ne peut pas être inférieure à sa durée minimale (valeurs "
        "inversées ?)"
    ]
    assert erreurs[0].position.ligne == numero_de_ligne(texte, "duree_maximale_mois: 1")


DUREE_MINIMALE = "(durée minimale du séjour, en mois consécutifs)"


@pytest.mark.parametrize(
    ("valeur", "message"),
    [
        ("2.5", f"un nombre entier est attendu, « 2.5 » trouvé {DUREE_MINIMALE}"),
        ('"2"', f"un nombre entier est attendu, « 2 » trouvé {DUREE_MINIMALE}"),
        ("0", f"la valeur 0 n'est pas comprise entre 1 et 12 {DUREE_MINIMALE}"),
    ],
    ids=["decimale", "texte", "zero"],
)
def test_une_duree_de_sejour_hors_format_est_nommee(tmp_path, valeur, message):
    texte = remplacer("    duree_minimale_mois: 1\n", f"    duree_minimale_mois: {valeur}\n")
    messages = [e.texte for e in verifier(tmp_path, texte)]
    assert messages == [
        f"aides_liees › aide_mobilite_internationale › duree_minimale_mois : {message}"
    ]


def test_le_schema_publie_exige_les_durees_de_l_aide_a_la_mobilite(donnees_baremes):
    import copy

    abime = copy.deepcopy(donnees_baremes["2025-2026"])
    del abime["aides_liees"]["aide_mobilite_internationale"]["duree_minimale_mois"]
    problemes = schema.problemes_du_schema(abime)
    assert [(p.chemin, p.message) for p in problemes] == [
        (
            ("aides_liees", "aide_mobilite_internationale"),
            "la clé « duree_minimale_mois » manque dans aides_liees › aide_mobilite_internationale",
        )
    ]


def test_un_droit_hors_arrete_nomme_son_unite_et_son_texte(tmp_path):
    texte = remplacer(
        "    unite: euros par saison sportive\n    reference: null  # texte non identifié\n", ""
    )
    messages = [e.texte for e in verifier(tmp_path, texte)]
    assert messages == [
        "aides_liees › pass_sport : la clé « unite » manque dans aides_liees › pass_sport",
        "aides_liees › pass_sport : la clé « reference » manque dans aides_liees › pass_sport",
    ]


# La forme : le schéma seul la dit, en français, à la valeur en cause -----------------------


@pytest.mark.parametrize(
    ("ancien", "nouveau", "attendus"),
    [
        pytest.param(
            LIGNE_4,
            LIGNE_4.replace("24603", "24603.0"),
            [
                "plafonds, 4 points de charge, échelon 3 : un montant entier en euros est attendu, "
                "« 24603.0 » trouvé"
            ],
            id="entier ecrit avec une decimale",
        ),
        pytest.param(
            '    titre: "« Comment obtenir une bourse étudiante », social.linked.fr (2025)"',
            '    titre: "   "',
            ["references › presse_plafonds › titre : un texte est attendu, «     » trouvé"],
            id="texte fait d'espaces",
        ),
        pytest.param(
            "  sources: [openfisca, presse_2023, presse_plafonds, annexe_2011]\n",
            "",
            ["plafonds : la clé « sources » manque dans plafonds"],
            id="bloc sans sources",
        ),
        pytest.param(
            LIGNE_4,
            LIGNE_4.replace("    4:", '    "04":'),
            [
                "plafonds › lignes : la ligne « 4 points de charge » manque",
                "plafonds, 04 points de charge : ligne inattendue « 04 » : le tableau a une ligne "
                "par nombre de points de charge, de 0 à 17",
            ],
            id="ligne mal numerotee",
        ),
        pytest.param(
            "  ans: 28",
            "  anss: 28",
            [
                "age_limite : la clé « ans » manque dans age_limite",
                "age_limite › anss : clé inconnue « anss » dans age_limite : vouliez-vous écrire "
                "« ans » ?",
            ],
            id="cle mal ecrite",
        ),
        pytest.param(
            "references:\n  arrete_plafonds:",
            "references_x:\n  arrete_plafonds:",
            [
                "la clé « references » manque dans le fichier",
                "references_x : clé inconnue « references_x » dans le fichier : vouliez-vous "
                "écrire « references » ?",
            ],
            id="sans references, aucune source signalee une a une",
        ),
        pytest.param(
            '    "1":    [2163, 2596]',
            "    1:    [2163, 2596]",
            ['montants, échelon 1 : échelon inconnu « 1 » : écrivez "1" entre guillemets'],
            id="echelon sans guillemets, que le schema ne voit pas",
        ),
        pytest.param(
            'derniere_verification: "2026-11-22"',
            "derniere_verification: null",
            [
                "derniere_verification : un barème publié indique la date de sa dernière "
                'vérification complète, au format "AAAA-MM-JJ"'
            ],
            id="publie sans date de relecture",
        ),
    ],
)
def test_une_faute_de_forme_est_dite_une_fois_a_sa_valeur(tmp_path, ancien, nouveau, attendus):
    texte = remplacer(ancien, nouveau)
    erreurs = verifier(tmp_path, texte)
    assert [e.texte for e in erreurs] == attendus
    anglais = ("required", "is not", "expected", "schema", "valid")
    assert not any(mot in e.texte for e in erreurs for mot in anglais)
    if len(attendus) == 1 and nouveau:  # à la ligne de la valeur changée
        assert erreurs[0].position.ligne == numero_de_ligne(texte, nouveau.splitlines()[0])


@pytest.mark.parametrize(
    ("cle", "valeur"),
    [
        (("statut",), "brouillon"),
        (("plafonds", "lignes", 4, 3), "24 6O3"),
        (("montants", "lignes", "2", 0), -3071),
        (("montants", "lignes", "2"), [3071]),
        (("aides_liees", "aide_au_merite", "montant"), "900 €"),
        (("references", "circulaire", "nor"), "ESRS241397C"),
        (("dossier_social_etudiant", "cloture"), "31/05/2025"),
    ],
)
def test_les_controles_ne_redisent_pas_ce_que_dit_le_schema(donnees_baremes, cle, valeur):
    import copy

    from calculator.verification import verifier_bareme

    abime = copy.deepcopy(donnees_baremes["2025-2026"])
    parent = abime
    for partie in cle[:-1]:
        parent = parent[partie]
    parent[cle[-1]] = valeur
    assert [p.chemin for p in schema.problemes_du_schema(abime)] == [cle]
    assert verifier_bareme(abime, "2025-2026") == []


def test_le_schema_connait_les_valeurs_du_calculateur():
    """Le schéma, seul à dire la forme, et le calculateur, qui la lit, nomment les mêmes
    échelons, colonnes, lignes, statuts et certitudes."""
    import json

    from calculator import bareme

    contenu = json.loads((RACINE / "barèmes" / "schema.json").read_text(encoding="utf-8"))
    proprietes = contenu["properties"]
    plafonds, montants = proprietes["plafonds"]["properties"], proprietes["montants"]["properties"]
    assert plafonds["colonnes"]["const"] == list(bareme.ECHELONS)
    assert plafonds["lignes"]["required"] == [
        str(p) for p in range(bareme.NOMBRE_DE_LIGNES_DU_TABLEAU)
    ]
    assert montants["colonnes"]["const"] == list(bareme.COLONNES_MONTANTS)
    assert montants["lignes"]["required"] == list(bareme.ECHELONS)
    assert proprietes["statut"]["enum"] == list(bareme.STATUTS)
    assert contenu["$defs"]["fiabilite"]["enum"] == list(bareme.FIABILITES)


def _mots_cles(noeud):
    """Les mots-clés de validation d'un schéma, sous-schémas compris."""
    structure = {"properties", "patternProperties", "$defs"}
    if isinstance(noeud, list):
        for element in noeud:
            yield from _mots_cles(element)
    elif isinstance(noeud, dict):
        for cle, valeur in noeud.items():
            yield cle
            if cle in structure:
                for sous_schema in valeur.values():
                    yield from _mots_cles(sous_schema)
            elif isinstance(valeur, dict | list) and cle not in {"enum", "const", "required"}:
                yield from _mots_cles(valeur)


def test_chaque_mot_cle_et_chaque_motif_du_schema_se_disent_en_francais():
    import json

    contenu = json.loads((RACINE / "barèmes" / "schema.json").read_text(encoding="utf-8"))
    annotations = {"$schema", "$id", "$ref", "title", "description", "format", "$defs"}
    composes = {"properties", "patternProperties", "items", "allOf"}
    mots_cles = set(_mots_cles(contenu)) - annotations - composes
    assert mots_cles <= set(schema.MESSAGES_DU_SCHEMA), mots_cles - set(schema.MESSAGES_DU_SCHEMA)
    motifs = set(re.findall(r'"pattern": "((?:[^"\\]|\\.)*)"', json.dumps(contenu)))
    assert {json.loads(f'"{m}"') for m in motifs} == set(schema.FORMES)


def test_chaque_controle_est_une_petite_fonction_qui_dit_ce_qu_elle_verifie():
    import inspect

    from calculator import verification

    controles = [*verification.CONTROLES, verification.controle_nom_du_fichier]
    du_module = [
        f for nom, f in vars(verification).items() if nom.startswith("controle_") and callable(f)
    ]
    assert sorted(f.__name__ for f in controles) == sorted(f.__name__ for f in du_module)
    for controle in controles:
        lignes = inspect.getsource(controle).splitlines()
        assert len(lignes) <= 40, controle.__name__
        assert controle.__doc__ and "\n" not in controle.__doc__, controle.__name__
