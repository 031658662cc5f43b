// Lancé par build.py sous Node (construction/simulateur.py, bytecode_du_runtime) : démarre le
// runtime Pyodide du site avec la roue du calculateur, puis y fait tourner
// bibliotheque_standard.py, qui relève les modules dont le calculateur se sert et les compile
// en .pyc avec ce même Python 3.14.
//
// node bibliotheque_standard.mjs <dossier du runtime> <paquet> <entrées.json>
//      <bibliothèque.zip à écrire> <calculateur.zip à écrire>
import { readFileSync, writeFileSync } from "node:fs";

const [dossier, paquet, entrees, sortie, sortieCalculateur] = process.argv.slice(2);
const { loadPyodide } = await import(dossier + "/pyodide.mjs");
const pyodide = await loadPyodide({
  indexURL: dossier + "/",
  lockFileURL: dossier + "/pyodide-lock.json",
  packages: [paquet],
  stdout: () => {},
  // Comme python -X no_debug_ranges : les numéros de ligne restent, les colonnes (les ^^^ sous
  // une ligne fautive dans une trace d'erreur) partent ; 28 % d'octets en moins.
  env: { PYTHONNODEBUGRANGES: "1" },
});
// Une exception Python, pour que le module qui la met en forme (traceback) soit relevé.
try {
  pyodide.runPython("raise ValueError('trace d essai')");
} catch {
  // attendue
}
// Les fichiers échangés avec le programme Python, dans le système de fichiers de Pyodide.
const ENTREES = "/tmp/entrees.json";
const BIBLIOTHEQUE = "/tmp/stdlib.zip";
const CALCULATEUR = "/tmp/calculateur.zip";
pyodide.FS.writeFile(ENTREES, readFileSync(entrees));
const programme = new URL("./bibliotheque_standard.py", import.meta.url);
pyodide.pyimport("sys").argv = pyodide.toPy([programme.pathname, ENTREES, BIBLIOTHEQUE, CALCULATEUR]);
try {
  pyodide.runPython(readFileSync(programme, "utf8"));
} catch (erreur) {
  // Seulement la trace Python : Node imprimerait d'abord la ligne de code minifié de Pyodide
  // (des centaines de kilo-octets), qui noierait la trace.
  console.error(erreur.message);
  process.exit(1);
}
writeFileSync(sortie, pyodide.FS.readFile(BIBLIOTHEQUE));
writeFileSync(sortieCalculateur, pyodide.FS.readFile(CALCULATEUR));
