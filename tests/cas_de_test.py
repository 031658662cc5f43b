"""Les cas de `tests/cas/<année>.yaml` (lus par construction.cas) et leur comparaison au
résultat obtenu."""

from __future__ import annotations

from typing import Any

from construction.cas import Cas, charger_cas

__all__ = ["CAS", "Cas", "charger_cas", "comparer"]


def comparer(attendu: dict[str, Any], obtenu: dict[str, Any], prefixe: str = "") -> list[str]:
    """Les différences entre l'attendu (un sous-ensemble des clés) et le résultat obtenu."""
    ecarts = []
    for cle, valeur in attendu.items():
        if cle not in obtenu:
            ecarts.append(f"{prefixe}{cle} : absent du résultat")
        elif isinstance(valeur, dict):
            ecarts += comparer(valeur, obtenu[cle], f"{prefixe}{cle}.")
        elif isinstance(valeur, int | float) and not isinstance(valeur, bool):
            if not isinstance(obtenu[cle], int | float) or abs(obtenu[cle] - valeur) > 0.005:
                ecarts.append(f"{prefixe}{cle} : attendu {valeur!r}, obtenu {obtenu[cle]!r}")
        elif obtenu[cle] != valeur:
            ecarts.append(f"{prefixe}{cle} : attendu {valeur!r}, obtenu {obtenu[cle]!r}")
    return ecarts


CAS = charger_cas()
