"""Ce que la page « À propos » dit de la place que le site prend sur l'appareil est le dernier
chiffre mesuré par bench/stockage.py (bench/stockage.json), et il tient l'objectif (≤ 20 Mo)."""

from __future__ import annotations

import json
import re

from construction.projet import RACINE

MESURE = RACINE / "bench" / "stockage.json"
A_PROPOS = RACINE / "site_src" / "pages" / "a-propos.md"


def test_a_propos_cite_le_dernier_total_mesure_par_le_banc():
    mesure = json.loads(MESURE.read_text(encoding="utf-8"))
    texte = A_PROPOS.read_text(encoding="utf-8")
    section = texte.split("{#sur-votre-appareil}", 1)[1].split("\n#", 1)[0]
    chiffres = re.findall(r"environ (\d+) Mo", section)
    assert chiffres == [str(round(mesure["usage_octets"] / 1e6))], (chiffres, mesure)


def test_le_dernier_total_mesure_tient_l_objectif_de_20_mo():
    mesure = json.loads(MESURE.read_text(encoding="utf-8"))
    assert 1_000_000 < mesure["usage_octets"] <= 20_000_000, mesure
