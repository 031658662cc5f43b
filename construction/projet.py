"""Les dossiers et fichiers du projet que la construction lit et écrit.

Lus par attribut (`projet.DOSSIER_BAREMES`) dans tous les modules : un test qui les remplace
(monkeypatch) les remplace partout."""

from __future__ import annotations

from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
DOSSIER_BAREMES = RACINE / "barèmes"
SCHEMA = DOSSIER_BAREMES / "schema.json"
"""Le schéma JSON des barèmes, publié avec les données ouvertes."""
DOSSIER_CALCULATEUR = RACINE / "calculator"
DONNEES_DU_PAQUET = DOSSIER_CALCULATEUR / "donnees" / "baremes.json"
DOSSIER_SITE = RACINE / "site_src"
DOSSIER_PAGES = DOSSIER_SITE / "pages"
DOSSIER_GABARITS = DOSSIER_SITE / "gabarits"
DOSSIER_STATIQUE = DOSSIER_SITE / "statique"
SORTIE = RACINE / "public"
DOSSIER_CAS = RACINE / "tests" / "cas"
"""Les cas par année (situation, attendu) : lus par les tests et par la construction."""
DOSSIER_CAS_SITUATIONS = RACINE / "tests" / "cas_situations"
"""Les cas des blocs facultatifs et du montant d'un échelon connu."""
DOSSIER_CAS_SAISIE = RACINE / "tests" / "cas_saisie"
"""Les cas des textes du formulaire et des liens de partage (`estimer_saisie`)."""
DOSSIER_CACHE = RACINE / ".cache"
"""Ce que la construction télécharge ou calcule une fois (paquets npm, bytecode) : hors de git."""
