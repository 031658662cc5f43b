// Worker du simulateur : démarre Python (Pyodide) et le calculateur dès l'ouverture de la page,
// puis répond aux demandes de la page. Engendré par build.py (version de Pyodide épinglée).
//
// Protocole : la page envoie {id, action, …} ; le worker répond {id, resultat} ou {id, erreur}.
// Une demande arrivée avant la fin du démarrage attend qu'il soit fini (une seule promesse).
// Sans id, le worker annonce son état : {etat: "chargement", message}, {etat: "pret"},
// {etat: "echec", message}.

import { loadPyodide } from "../pyodide/{{ version_pyodide }}/pyodide.mjs";

const signaler = (message) => postMessage({ etat: "chargement", message });

// La part reçue des gros fichiers, annoncée au fil du téléchargement : une première visite
// sur un réseau lent ne semble jamais bloquée. Les tailles sont écrites par build.py ; ce sont
// celles des fichiers décompressés (fetch ne voit que celles-là), plus du double de ce qui
// passe sur le réseau : d'où un pourcentage, et non des mégaoctets qui effraieraient à tort
// un étudiant au forfait limité.
const TAILLES = {{ tailles | tojson }};
const total = Object.values(TAILLES).reduce((a, b) => a + b, 0);
let recus = 0;
let dernierSignal = 0;

function annoncerProgression(fin = false) {
  const maintenant = Date.now();
  if (!fin && maintenant - dernierSignal < 250) return;
  dernierSignal = maintenant;
  const pourcentage = Math.min(99, Math.floor((100 * recus) / total));
  signaler(`Téléchargement du calculateur : ${pourcentage}\u202f%, une seule fois.`);
}

// Les octets sont comptés sur une copie (clone) de la réponse, et c'est la réponse d'origine
// que reçoit Pyodide : une réponse fabriquée (new Response) n'a pas d'adresse, et le navigateur
// ne garderait pas le code WebAssembly compilé d'une visite à l'autre. Quand le runtime est
// déjà sur l'appareil (gardé par le service worker), il n'y a rien à compter : la réponse passe
// sans copie, ce qui fait démarrer la visite suivante plus vite (bench/demarrage.py).
const runtimeSurLAppareil = (self.caches?.match(
  new URL("../pyodide/{{ version_pyodide }}/pyodide.asm.wasm", import.meta.url).href,
) ?? Promise.resolve(undefined)).then(Boolean, () => false);

// Sans réseau, la copie gardée par le service worker : le WebAssembly et la bibliothèque
// standard ne passent pas par lui (sw.js dit pourquoi), c'est donc au worker de la prendre.
const fetchOrigine = globalThis.fetch;
globalThis.fetch = async (ressource, options) => {
  const url = new URL(String(ressource.url ?? ressource), self.location.href);
  let reponse;
  try {
    reponse = await fetchOrigine(ressource, options);
  } catch (erreur) {
    const copie = await self.caches?.match(url.href, { ignoreSearch: true }).catch(() => undefined);
    if (!copie) throw erreur;
    return copie;
  }
  const adresse = url.pathname;
  const suivi = Object.keys(TAILLES).some((chemin) => adresse.endsWith(chemin));
  if (suivi && reponse.ok && reponse.body && !(await runtimeSurLAppareil)) {
    compter(reponse.clone().body.getReader());
  }
  return reponse;
};

async function compter(lecteur) {
  try {
    for (;;) {
      const { done, value } = await lecteur.read();
      if (done) return;
      recus += value.byteLength;
      annoncerProgression();
    }
  } catch {
    // la réponse d'origine signalera elle-même l'échec
  }
}

async function demarrer() {
  if (typeof WebAssembly === "undefined") {
    throw new Error("ce navigateur n'exécute pas WebAssembly");
  }
  runtimeSurLAppareil.then((sur) => (sur ? signaler("Démarrage du calculateur…") : annoncerProgression(true)));
  const pyodide = await loadPyodide({
    indexURL: new URL("../pyodide/{{ version_pyodide }}/", import.meta.url).href,
    lockFileURL: new URL("../py/pyodide-lock.json", import.meta.url).href,
    packages: [{{ paquet | tojson }}],
    stdout: () => {},
    stderr: (ligne) => console.warn(ligne),
  });
  recus = total;
  signaler("Démarrage du calculateur…");
  return pyodide.pyimport("calculator.navigateur");
}

const pret = demarrer();
pret.then(
  () => postMessage({ etat: "pret" }),
  (erreur) => postMessage({ etat: "echec", message: String(erreur && erreur.message || erreur) }),
);

const actions = {
  estimer: (calculateur, demande) => calculateur.estimer(JSON.stringify(demande.entree)),
  lire_montant: (calculateur, demande) => calculateur.lire_montant(String(demande.texte ?? "")),
  montant_depuis_echelon: (calculateur, demande) =>
    calculateur.montant_depuis_echelon(JSON.stringify(demande.entree)),
  annees: (calculateur) => calculateur.annees(),
};

onmessage = async ({ data: demande }) => {
  const { id, action } = demande;
  try {
    const calculateur = await pret;
    if (!(action in actions)) {
      throw new Error(`action inconnue « ${action} »`);
    }
    postMessage({ id, ...JSON.parse(actions[action](calculateur, demande)) });
  } catch (erreur) {
    const message = `Le calculateur n'a pas pu répondre : ${erreur && erreur.message || erreur}`;
    postMessage({ id, erreur: { erreurs: [{ champ: null, message }] } });
  }
};
