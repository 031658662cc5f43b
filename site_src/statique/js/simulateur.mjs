// Simulateur : le formulaire, le worker du calculateur (Python dans Pyodide), le résultat et le
// lien de partage. Rien de ce que l'étudiant tape ne quitte l'appareil : le calcul se fait dans le
// worker, et la situation partagée voyage dans le fragment de l'adresse (#…), jamais envoyé.
// Les étapes facultatives (conditions, revenus, 12 mois, outre-mer, aides) sont dans etapes.mjs,
// le montant d'un échelon connu dans montant-connu.mjs.

import { calculateur } from "./calculateur.mjs";
import { creerEtapes } from "./etapes.mjs";
import { creerMontantConnu } from "./montant-connu.mjs";
import {
  anneeDeLaDemande, euros, h, jourDeLAppareil, libellesDeCertitude, montant, nombre,
} from "./outils.mjs";

const CHAMPS = [
  "annee_universitaire",
  "revenu_brut_global",
  "distance_km",
  "enfants_a_charge",
  "dont_etudiants_superieur",
  "handicap",
  "aidant",
];
const CASES = ["handicap", "aidant"];
const ECHELONS = ["0bis", "1", "2", "3", "4", "5", "6", "7"];
const SVG = "http://www.w3.org/2000/svg";

const etat = document.getElementById("etat-calculateur");
const avisLien = document.getElementById("avis-lien");
const formulaire = document.getElementById("simulateur");
const resumeErreurs = document.getElementById("erreurs");
const region = document.getElementById("resultat");
const modeles = document.getElementById("modeles-resultat");
const selectAnnee = document.getElementById("annee_universitaire");
const champDistance = document.getElementById("distance_km");
const trancheDistance = document.getElementById("tranche_distance");
const anneeParDefaut = anneeDeLaDemande(selectAnnee);
selectAnnee.value = anneeParDefaut;

// --- Mise en forme à la française ------------------------------------------------------------

function points(n) {
  return `${nombre(n)} point${Math.abs(n) >= 2 ? "s" : ""}`;
}

const MOIS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
  "septembre", "octobre", "novembre", "décembre"];

/** « 2025-03-13 » → « 13 mars 2025 » ; « 1er » pour le premier du mois. */
function dateLongue(iso) {
  const [annee, mois, jour] = iso.split("-").map(Number);
  if (!annee || !mois || !jour || mois > 12) return iso;
  return `${jour === 1 ? "1er" : jour} ${MOIS[mois - 1]} ${annee}`;
}

function s(balise, attributs = {}, texte = null) {
  const el = document.createElementNS(SVG, balise);
  for (const [nom, valeur] of Object.entries(attributs)) el.setAttribute(nom, String(valeur));
  if (texte !== null) el.textContent = texte;
  return el;
}

function modele(nom) {
  return modeles.content.querySelector(`[data-modele="${nom}"]`).cloneNode(true);
}

// --- Le worker du calculateur ------------------------------------------------------------------

let worker = null;
let pret = false;
let echoue = false;
/** Une estimation demandée avant « prêt » : les messages de chargement le rappellent. */
let envoiEnAttente = false;
const APRES_LE_CHARGEMENT = "Votre estimation s'affichera dès que le calculateur sera prêt.";
let prochainId = 1;
const enAttente = new Map();

function annoncer(texte, genre = "info") {
  etat.dataset.genre = genre;
  etat.textContent = texte;
}

function signaler(texte) {
  avisLien.textContent = texte;
}

function echec(detail) {
  if (echoue) return;
  echoue = true;
  pret = false;
  etat.dataset.genre = "echec";
  etat.replaceChildren(
    "Le simulateur ne peut pas fonctionner sur ce navigateur",
    detail ? ` (${detail.replace(/[.\s]+$/, "")})` : "",
    ". La ",
    h("a", { href: "#a-la-main" }, "méthode à la main"),
    " et le ",
    h("a", { href: "#tableau" }, "tableau des plafonds"),
    " ci-dessous donnent le même résultat.",
  );
  formulaire.hidden = true;
  // Le montant d'un échelon connu passe aussi par le calculateur : renvoyer au tableau.
  document.getElementById("formulaire-echelon").hidden = true;
  document.getElementById("depuis-echelon-sans-js").classList.remove("sans-js-seulement");
  for (const { rejeter } of enAttente.values()) rejeter(new Error("calculateur indisponible"));
  enAttente.clear();
  try {
    worker?.terminate();
  } catch {
    // rien à arrêter
  }
}

function recevoir(evenement) {
  const message = evenement.data;
  if (!message || typeof message !== "object") return;
  if (message.id !== undefined && message.id !== null) {
    const attente = enAttente.get(message.id);
    if (!attente) return;
    enAttente.delete(message.id);
    attente.resoudre(message);
    return;
  }
  if (message.etat === "chargement") {
    if (!pret && !echoue) {
      const texte = message.message || "Chargement du calculateur…";
      annoncer(envoiEnAttente ? `${texte} ${APRES_LE_CHARGEMENT}` : texte);
    }
  } else if (message.etat === "pret") {
    pret = true;
    annoncer("Calculateur prêt.", "pret");
    enregistrerServiceWorker();
  } else if (message.etat === "echec") {
    echec(message.message);
  }
}

/** Prend le worker lancé par calculateur.mjs et ce qu'il a déjà annoncé. */
function demarrer() {
  if (calculateur.echec) {
    echec(calculateur.echec);
    return;
  }
  worker = calculateur.worker;
  annoncer("Chargement du calculateur…");
  calculateur.ecouter(recevoir, (evenement) => {
    evenement.preventDefault?.();
    if (!pret) echec("le calculateur n'a pas pu se charger");
  });
}

/** Une question au worker ; la réponse est {resultat} ou {erreur}. Avant « prêt », il la garde. */
function demander(action, donnees = {}) {
  if (echoue || !worker) return Promise.reject(new Error("calculateur indisponible"));
  const id = prochainId++;
  return new Promise((resoudre, rejeter) => {
    enAttente.set(id, { resoudre, rejeter });
    worker.postMessage({ id, action, ...donnees });
  });
}

function enregistrerServiceWorker() {
  try {
    navigator.serviceWorker?.register(new URL("../sw.js", import.meta.url), { updateViaCache: "none" })?.catch(() => {});
  } catch {
    // hors ligne ou refusé : le site marche sans
  }
}

let promesseAnnees = null;
/** Les données de chaque année (plafonds, taux, références, calendrier), par année. */
function annees() {
  promesseAnnees ??= demander("annees").then((reponse) => {
    if (!Array.isArray(reponse.resultat)) throw new Error("données des années illisibles");
    return new Map(reponse.resultat.map((a) => [a.annee_universitaire, a]));
  });
  promesseAnnees.catch(() => {
    promesseAnnees = null;
  });
  return promesseAnnees;
}

// --- Le formulaire -------------------------------------------------------------------------------

function champ(nom) {
  return document.getElementById(nom);
}

function mettreAJourAideRevenu() {
  const option = selectAnnee.selectedOptions[0];
  if (!option) return;
  // Le barème d'une année provisoire reprend celui d'une année précédente : le dire tout de suite.
  for (const note of document.querySelectorAll("#note-provisoire [data-annee]")) {
    note.hidden = note.dataset.annee !== option.value;
  }
  for (const el of document.querySelectorAll("#aide-revenu_brut_global [data-avis]")) {
    el.textContent = option.dataset.avis;
  }
  for (const el of document.querySelectorAll("#aide-revenu_brut_global [data-revenus]")) {
    el.textContent = option.dataset.revenus;
  }
}

function effacerErreurs() {
  resumeErreurs.replaceChildren();
  for (const el of formulaire.querySelectorAll(".erreur-champ")) {
    el.hidden = true;
    el.textContent = "";
  }
  for (const el of formulaire.querySelectorAll("[aria-invalid]")) {
    el.removeAttribute("aria-invalid");
    const aide = `aide-${el.id}`;
    el.setAttribute("aria-describedby", document.getElementById(aide) ? aide : "");
  }
}

/** Chaque erreur près de son champ, et un résumé annoncé qui mène à chacune. */
function montrerErreurs(erreurs) {
  effacerErreurs();
  const liste = h("ul");
  for (const { champ: nom, message } of erreurs) {
    const el = nom ? champ(nom) : null;
    const zone = nom ? document.getElementById(`erreur-${nom}`) : null;
    if (el && zone) {
      zone.textContent = `Erreur : ${message}`;
      zone.hidden = false;
      el.setAttribute("aria-invalid", "true");
      el.setAttribute("aria-describedby", `aide-${nom} erreur-${nom}`);
    }
    const lien = el ? h("a", { href: `#${nom}`, "data-champ": nom }, message) : message;
    liste.append(h("li", {}, lien));
  }
  const resume = h(
    "div",
    { class: "resume-erreurs", tabindex: "-1" },
    h("h2", {}, erreurs.length > 1 ? "Corrigez ces points" : "Corrigez ce point"),
    liste,
  );
  resumeErreurs.append(resume);
  resume.focus();
  resume.scrollIntoView({ block: "start", behavior: mouvement() });
}

resumeErreurs.addEventListener("click", (evenement) => {
  const lien = evenement.target.closest("a[data-champ]");
  if (!lien) return;
  evenement.preventDefault(); // pas d'entrée d'historique : on va au champ
  const el = champ(lien.dataset.champ);
  el?.focus();
  el?.scrollIntoView({ block: "center", behavior: mouvement() });
});

function mouvement() {
  return matchMedia("(prefers-reduced-motion: reduce)").matches ? "auto" : "smooth";
}

/** Un nombre d'un champ numérique : undefined s'il est vide, NaN s'il est illisible. */
function lireNombre(el) {
  if (el.validity?.badInput) return Number.NaN;
  const texte = el.value.trim();
  if (texte === "") return undefined;
  const valeur = Number(texte);
  return Number.isFinite(valeur) ? valeur : Number.NaN;
}

/** Ce que le formulaire dit, hors revenu (lu par le calculateur), et les erreurs évidentes. */
function lireFormulaire() {
  const erreurs = [];
  const entree = { annee_universitaire: selectAnnee.value };
  const texteRevenu = champ("revenu_brut_global").value;
  if (texteRevenu.trim() === "") {
    erreurs.push({
      champ: "revenu_brut_global",
      message:
        "Indiquez le revenu brut global de votre foyer fiscal, en euros (par exemple 21 988) : " +
        "un champ vide n'est jamais compté comme 0.",
    });
  }
  const distance = lireNombre(champDistance);
  if (distance === undefined && trancheDistance.value !== "") {
    entree.distance_km = Number(trancheDistance.value);
  } else if (distance === undefined) {
    erreurs.push({
      champ: "distance_km",
      message:
        "Indiquez la distance en kilomètres entre le domicile familial et le lieu d'études, " +
        "ou choisissez une tranche.",
    });
  } else if (Number.isNaN(distance)) {
    erreurs.push({
      champ: "distance_km",
      message: "La distance doit être un nombre de kilomètres, par exemple 40.",
    });
  } else {
    entree.distance_km = distance;
  }
  const libelles = {
    enfants_a_charge: "le nombre d'autres enfants à charge",
    dont_etudiants_superieur: "combien d'entre eux étudient dans le supérieur",
  };
  for (const [nom, libelle] of Object.entries(libelles)) {
    const valeur = lireNombre(champ(nom));
    if (valeur === undefined) {
      erreurs.push({ champ: nom, message: `Indiquez ${libelle} (0 s'il n'y en a pas).` });
    } else if (Number.isNaN(valeur)) {
      erreurs.push({ champ: nom, message: `Indiquez ${libelle} en chiffres, par exemple 0 ou 2.` });
    } else {
      entree[nom] = valeur;
    }
  }
  for (const nom of CASES) entree[nom] = champ(nom).checked;
  return { entree, texteRevenu, erreurs };
}

champDistance.addEventListener("input", () => {
  if (champDistance.value !== "" || champDistance.validity.badInput) trancheDistance.value = "";
});
trancheDistance.addEventListener("change", () => {
  if (trancheDistance.value !== "") champDistance.value = "";
});
selectAnnee.addEventListener("change", mettreAJourAideRevenu);

/** Remet le formulaire à ses valeurs par défaut, puis y écrit une situation (sans la lire). */
function remplir(situation) {
  effacerErreurs();
  selectAnnee.value = situation.annee_universitaire ?? anneeParDefaut;
  if (!selectAnnee.value) selectAnnee.value = anneeParDefaut;
  mettreAJourAideRevenu();
  champ("revenu_brut_global").value =
    situation.revenu_brut_global === undefined ? "" : texteDuMontant(situation.revenu_brut_global);
  champDistance.value = situation.distance_km === undefined ? "" : String(situation.distance_km);
  trancheDistance.value = "";
  champ("enfants_a_charge").value = String(situation.enfants_a_charge ?? 0);
  champ("dont_etudiants_superieur").value = String(situation.dont_etudiants_superieur ?? 0);
  for (const nom of CASES) champ(nom).checked = Boolean(situation[nom]);
}

/** Un montant du lien, tel que le calculateur le relira : « 22500,5 » ; « 1234,5670 » et non
 * « 1234,567 », que la lecture prendrait pour 1 234 567. */
function texteDuMontant(valeur) {
  const [entier, decimales] = String(valeur).split(".");
  if (decimales === undefined) return entier;
  return `${entier},${decimales.length === 3 ? `${decimales}0` : decimales}`;
}

// --- Le lien de partage : la situation dans le fragment (#…), jamais dans la requête ---------------

/** La situation, puis les réponses aux étapes facultatives (« bloc.cle=valeur ») : une page
 * plus ancienne, qui ne connaît pas ces clés, les ignore. */
function fragmentDe(entree, blocs = {}) {
  const parametres = new URLSearchParams();
  for (const nom of CHAMPS) {
    const valeur = entree[nom];
    if (valeur === undefined) continue;
    parametres.set(nom, typeof valeur === "boolean" ? (valeur ? "1" : "0") : String(valeur));
  }
  facultatives.ecrireFragment(parametres, blocs);
  return parametres.toString();
}

const MOTIF_NOMBRE = /^\d+(\.\d+)?$/;
const MOTIF_ENTIER = /^\d+$/;

/** La situation d'un fragment et les réponses aux étapes ({situation, blocs}), ou null s'il
 * n'en contient pas (une ancre comme #tableau). Lève une erreur si elle est illisible. */
function situationDuFragment(fragment) {
  const texte = fragment.replace(/^#/, "");
  if (!texte.includes("=")) return null;
  let parametres;
  try {
    parametres = new URLSearchParams(texte);
  } catch {
    throw new Error("illisible");
  }
  const situation = {};
  const blocs = {};
  let reconnus = 0;
  for (const [nom, valeur] of parametres) {
    if (!CHAMPS.includes(nom)) {
      if (facultatives.lireDuFragment(nom, valeur, blocs)) reconnus += 1;
      continue;
    }
    reconnus += 1;
    if (nom === "annee_universitaire") {
      if (![...selectAnnee.options].some((o) => o.value === valeur)) throw new Error(nom);
      situation[nom] = valeur;
    } else if (CASES.includes(nom)) {
      if (!["0", "1", "true", "false"].includes(valeur)) throw new Error(nom);
      situation[nom] = valeur === "1" || valeur === "true";
    } else if (nom === "revenu_brut_global" || nom === "distance_km") {
      if (!MOTIF_NOMBRE.test(valeur)) throw new Error(nom);
      situation[nom] = Number(valeur);
    } else {
      if (!MOTIF_ENTIER.test(valeur)) throw new Error(nom);
      situation[nom] = Number(valeur);
    }
  }
  if (reconnus === 0) throw new Error("vide");
  return { situation, blocs };
}

let fragmentAffiche = "";

/** Le fragment de l'adresse a changé (lien ouvert, retour arrière) : refaire la situation. */
function restaurer(auDemarrage = false) {
  const fragment = location.hash.replace(/^#/, "");
  if (fragment === fragmentAffiche) return;
  let lu;
  try {
    lu = situationDuFragment(fragment);
  } catch {
    signaler(
      "Le lien ouvert ne décrit pas une situation lisible : il a été ignoré. " +
        "Remplissez le formulaire ci-dessous.",
    );
    return;
  }
  if (lu === null) {
    if (fragment === "") {
      // Retour avant la première estimation : plus de résultat affiché.
      fragmentAffiche = "";
      calculEnCours += 1;
      viderResultat();
      facultatives.cacher();
      return;
    }
    allerALAncre(fragment, auDemarrage); // une ancre de la page (#tableau, #etape-aides…)
    return;
  }
  const { situation, blocs } = lu;
  signaler("");
  fragmentAffiche = fragment;
  remplir(situation);
  facultatives.remplir(blocs);
  if (situation.revenu_brut_global === undefined) {
    signaler("Le lien ne donne pas le revenu : indiquez-le pour obtenir une estimation.");
    viderResultat();
    return;
  }
  estimer({ historique: false });
}

window.addEventListener("popstate", () => restaurer());
window.addEventListener("hashchange", () => restaurer());

/** Une ancre : une étape facultative se déplie (elle peut être cachée avant une estimation) ;
 * au démarrage, le formulaire qui apparaît a décalé la page : on revient à la cible. */
function allerALAncre(fragment, auDemarrage) {
  let id;
  try {
    id = decodeURIComponent(fragment);
  } catch {
    return;
  }
  if (facultatives.allerA(id, { focus: auDemarrage })) return;
  if (auDemarrage) document.getElementById(id)?.scrollIntoView({ block: "start" });
}

// Un lien de la page vers une étape (dans le résultat, par exemple) : pas d'entrée d'historique,
// la situation reste dans l'adresse.
document.addEventListener("click", (evenement) => {
  const lien = evenement.target.closest('a[href^="#etape-"]');
  if (!lien || evenement.defaultPrevented) return;
  if (facultatives.allerA(lien.getAttribute("href").slice(1))) evenement.preventDefault();
});

// --- L'estimation ------------------------------------------------------------------------------

let calculEnCours = 0;

/** La dernière estimation affichée : sa situation (sans les blocs), son résultat, les blocs
 * envoyés et les plafonds de sa ligne. Une étape répondue repart de cette situation. */
let derniere = null;

function viderResultat() {
  derniere = null;
  region.replaceChildren();
  region.removeAttribute("data-echelon");
  region.removeAttribute("aria-labelledby");
  facultatives.effacerReponses();
}

/** Estime la situation du formulaire, avec les réponses des étapes facultatives. `etape` : le
 * bloc de l'étape qui a lancé l'estimation (sa réponse prend alors le focus). */
async function estimer({ historique, etape = null }) {
  const numero = ++calculEnCours;
  const { entree, texteRevenu, erreurs } = lireFormulaire();
  if (erreurs.length) {
    viderResultat();
    // Calculateur prêt : le revenu est lu tout de suite, pour montrer toutes les erreurs d'un
    // coup. Sinon, pas d'attente : les erreurs évidentes d'abord.
    if (pret && texteRevenu.trim() !== "") {
      try {
        const lu = await demander("lire_montant", { texte: texteRevenu });
        if (numero !== calculEnCours) return;
        if (lu.erreur) erreurs.unshift(...erreursDe(lu.erreur, "revenu_brut_global"));
      } catch {
        // le calculateur est tombé : les erreurs évidentes suffisent
      }
    }
    montrerErreurs(erreurs);
    return;
  }
  effacerErreurs();
  if (echoue) return;
  if (!pret) {
    envoiEnAttente = true;
    annoncer(`Le calculateur se charge. ${APRES_LE_CHARGEMENT}`);
  }
  try {
    const lu = await demander("lire_montant", { texte: texteRevenu });
    if (numero !== calculEnCours) return;
    if (lu.erreur) {
      viderResultat();
      montrerErreurs(erreursDe(lu.erreur, "revenu_brut_global"));
      return;
    }
    entree.revenu_brut_global = lu.resultat;
    let { blocs, erreurs: erreursDesEtapes } = facultatives.blocs();
    let reponse = await demander("estimer", { entree: { ...entree, ...blocs } });
    if (numero !== calculEnCours) return;
    if (reponse.erreur) {
      const { desEtapes, autres } = facultatives.trier(reponse.erreur.erreurs ?? []);
      if (autres.length || !desEtapes.length) {
        viderResultat();
        montrerErreurs(erreursDe({ erreurs: autres }, null));
        return;
      }
      // Seules des réponses aux étapes sont en cause : le résultat sans elles, et les erreurs
      // près de leurs questions.
      erreursDesEtapes = [...erreursDesEtapes, ...desEtapes];
      blocs = {};
      reponse = await demander("estimer", { entree });
      if (numero !== calculEnCours) return;
      if (reponse.erreur) {
        viderResultat();
        montrerErreurs(erreursDe(reponse.erreur, null));
        return;
      }
    }
    const donnees = await annees();
    const comparaison = await comparer(entree, donnees);
    if (numero !== calculEnCours) return;
    afficher(reponse.resultat, entree, donnees, comparaison, blocs);
    facultatives.afficher(reponse.resultat, { focus: erreursDesEtapes.length ? null : etape });
    if (erreursDesEtapes.length) facultatives.montrerErreurs(erreursDesEtapes, etape);
    const fragment = fragmentDe(entree, blocs);
    if (historique) {
      const adresse = `${location.pathname}${location.search}#${fragment}`;
      if (location.hash.replace(/^#/, "") === fragment) history.replaceState(null, "", adresse);
      else history.pushState(null, "", adresse);
      fragmentAffiche = fragment;
    }
    if (historique && !etape && !erreursDesEtapes.length) {
      region.scrollIntoView({ block: "start", behavior: mouvement() });
    }
  } catch (erreur) {
    if (numero !== calculEnCours || echoue) return;
    viderResultat();
    annoncer(
      "Le calcul a échoué de façon inattendue. Rechargez la page, ou suivez la méthode à la " +
        "main ci-dessous.",
      "echec",
    );
    console.error(erreur);
  }
}

function erreursDe(erreur, champParDefaut) {
  const liste = Array.isArray(erreur?.erreurs) ? erreur.erreurs : [];
  if (!liste.length) {
    return [{ champ: champParDefaut, message: "Cette valeur n'a pas pu être lue." }];
  }
  return liste.map((e) => ({
    champ: CHAMPS.includes(e.champ) ? e.champ : null,
    message: String(e.message ?? "Valeur invalide."),
  }));
}

/** La même situation sous chaque année des données, de la plus récente à la plus ancienne. */
async function comparer(entree, donnees) {
  const liste = [...donnees.keys()].sort().reverse();
  const reponses = await Promise.all(
    liste.map((annee) =>
      annee === entree.annee_universitaire
        ? null
        : demander("estimer", { entree: { ...entree, annee_universitaire: annee } }),
    ),
  );
  return liste.map((annee, i) => ({ annee, reponse: reponses[i] }));
}

formulaire.addEventListener("submit", (evenement) => {
  evenement.preventDefault();
  signaler("");
  estimer({ historique: true });
});

/** Une étape facultative envoyée (ou effacée : bloc null) : la même situation, avec les
 * réponses des étapes. Seuls la carte de l'échelon (montant qui s'applique) et les réponses
 * changent ; l'adresse suit, sans nouvelle entrée d'historique. Sans estimation affichée,
 * c'est une estimation complète, depuis le formulaire. */
async function repondreEtape(bloc) {
  if (!derniere) {
    if (bloc) {
      signaler("");
      await estimer({ historique: true, etape: bloc });
    }
    return;
  }
  const numero = ++calculEnCours;
  const { blocs, erreurs } = facultatives.blocs();
  if (erreurs.length) {
    facultatives.montrerErreurs(erreurs, bloc);
    return;
  }
  try {
    const reponse = await demander("estimer", { entree: { ...derniere.entree, ...blocs } });
    if (numero !== calculEnCours || !derniere) return;
    if (reponse.erreur) {
      const { desEtapes, autres } = facultatives.trier(reponse.erreur.erreurs ?? []);
      const dansLEtape = autres.map((e) => ({ champ: bloc, message: String(e.message ?? "") }));
      facultatives.montrerErreurs([...desEtapes, ...dansLEtape], bloc);
      return;
    }
    derniere.resultat = reponse.resultat;
    derniere.blocs = blocs;
    region
      .querySelector(".carte-echelon")
      ?.replaceWith(carteEchelon(reponse.resultat, derniere.plafonds));
    facultatives.afficher(reponse.resultat, { focus: bloc });
    const fragment = fragmentDe(derniere.entree, blocs);
    history.replaceState(null, "", `${location.pathname}${location.search}#${fragment}`);
    fragmentAffiche = fragment;
    const lien = document.getElementById("lien-partage");
    if (lien) lien.href = adresseDePartage(derniere.entree, blocs);
  } catch (erreur) {
    if (numero !== calculEnCours || echoue) return;
    facultatives.montrerErreurs(
      [{ champ: bloc, message: "Le calcul a échoué de façon inattendue : rechargez la page." }],
      bloc,
    );
    console.error(erreur);
  }
}

// --- Le résultat -----------------------------------------------------------------------------

function reference(donneesAnnee, cle) {
  const ref = donneesAnnee?.references?.[cle];
  if (!ref) return null;
  return ref.lien ? h("a", { href: ref.lien }, ref.titre) : ref.titre;
}

function afficher(r, entree, donnees, comparaison, blocs = {}) {
  const annee = donnees.get(r.annee_universitaire);
  const plafondsDeLaLigne = annee?.plafonds?.[String(r.ligne_du_tableau)] ?? null;
  derniere = { entree, resultat: r, blocs, plafonds: plafondsDeLaLigne };
  const morceaux = [];

  morceaux.push(
    h("h2", { id: "titre-resultat" }, `Votre estimation pour ${r.annee_universitaire}`),
  );

  if (r.avertissements?.length) {
    morceaux.push(
      h(
        "div",
        { class: "avertissements" },
        h("h3", {}, "Attention"),
        h("ul", {}, r.avertissements.map((a) => h("li", { "data-code": a.code }, a.message))),
      ),
    );
  }

  morceaux.push(carteEchelon(r, plafondsDeLaLigne));
  morceaux.push(modele("indicatif"));

  morceaux.push(h("h3", {}, "Vos marges"), marges(r));

  morceaux.push(
    h("h3", {}, "Vos points de charge"),
    h(
      "ul",
      { class: "points-de-charge" },
      (r.detail_points_de_charge ?? []).map((d) =>
        h("li", {}, h("span", {}, d.libelle), " ", h("strong", {}, points(d.points))),
      ),
      h(
        "li",
        { class: "total" },
        h("span", {}, "Total"),
        " ",
        h("strong", {}, points(r.points_de_charge)),
      ),
    ),
  );
  if (r.ligne_du_tableau !== r.points_de_charge) {
    morceaux.push(
      h("p", { class: "note" }, `Le tableau des plafonds est lu à la ligne ${r.ligne_du_tableau}.`),
    );
  }

  if (plafondsDeLaLigne) {
    morceaux.push(
      h("h3", {}, `Les plafonds de votre ligne (${points(r.ligne_du_tableau)})`),
      graphique(r, plafondsDeLaLigne),
    );
  }

  morceaux.push(h("h3", {}, "Le calcul pas à pas"), etapes(r, annee));

  morceaux.push(
    h("h3", {}, "La même situation, d'autres années"),
    tableauDesAnnees(r, comparaison, donnees),
  );

  morceaux.push(h("h3", {}, "Avec la bourse"));
  morceaux.push(r.echelon ? modele("exonerations") : modele("sans-bourse"));

  morceaux.push(h("h3", {}, "Prochaine étape : la demande"), modele("demande"));
  morceaux.push(h("p", {}, calendrier(r.annee_universitaire, annee?.dossier_social_etudiant)));
  morceaux.push(modele("conditions"));

  morceaux.push(h("h3", {}, "Garder ou partager cette estimation"), partage(entree, blocs));

  region.replaceChildren(...morceaux);
  region.setAttribute("aria-labelledby", "titre-resultat");
  region.dataset.echelon = r.echelon ?? "aucun";
}

/** La période de dépôt du dossier social étudiant de l'année, au passé, au présent ou au futur. */
function calendrier(anneeUniversitaire, dse) {
  if (!dse?.ouverture || !dse?.cloture) {
    return (
      `Les dates de dépôt du dossier pour ${anneeUniversitaire} ne sont pas encore annoncées ` +
      "à notre connaissance : vérifiez-les sur messervices.etudiant.gouv.fr."
    );
  }
  const aujourdhui = jourDeLAppareil();
  const du = dateLongue(dse.ouverture);
  const au = dateLongue(dse.cloture);
  if (aujourdhui > dse.cloture) {
    return (
      `Pour ${anneeUniversitaire}, le dossier pouvait être déposé du ${du} au ${au}.`
    );
  }
  if (aujourdhui < dse.ouverture) {
    return `Pour ${anneeUniversitaire}, le dossier pourra être déposé du ${du} au ${au}.`;
  }
  return `Pour ${anneeUniversitaire}, le dossier se dépose jusqu'au ${au} (depuis le ${du}).`;
}

/** Les étapes de l'explication, groupées par texte appliqué : chaque groupe finit par le titre
 * de sa référence (un lien quand le barème en donne un). */
function etapes(r, annee) {
  const groupes = [];
  for (const etape of r.explication ?? []) {
    const dernier = groupes.at(-1);
    if (dernier && dernier.reference === etape.reference) dernier.etapes.push(etape);
    else groupes.push({ reference: etape.reference, etapes: [etape] });
  }
  let numero = 1;
  return h(
    "div",
    { class: "etapes" },
    groupes.map((groupe) => {
      const premier = numero;
      numero += groupe.etapes.length;
      const dernier = numero - 1;
      const source = reference(annee, groupe.reference);
      return [
        h(
          "ol",
          { start: String(premier) },
          groupe.etapes.map((etape) => h("li", {}, etape.texte)),
        ),
        source
          ? h(
              "p",
              { class: "source" },
              premier === dernier ? `Étape ${premier} : ` : `Étapes ${premier} à ${dernier} : `,
              source,
              ".",
            )
          : null,
      ];
    }),
  );
}

function carteEchelon(r, plafondsDeLaLigne) {
  if (!r.echelon) {
    const plafond0bis = plafondsDeLaLigne?.[0];
    return h(
      "div",
      { class: "carte-echelon sans-bourse" },
      h("p", { class: "echelon" }, "Pas de bourse"),
      h(
        "p",
        {},
        "Votre revenu brut global (",
        montant(r.revenu_brut_global, "revenu_brut_global"),
        ") dépasse ",
        r.marges?.baisse_necessaire != null
          ? ["de ", montant(r.marges.baisse_necessaire, "baisse_necessaire"), " "]
          : "",
        "le plafond de l'échelon 0bis",
        plafond0bis != null ? [" (", euros(plafond0bis), ")"] : "",
        " pour votre nombre de points de charge.",
      ),
    );
  }
  const v = r.versement;
  const douzeMois = v?.duree_mois === 12;
  const versement = douzeMois
    ? [
        h(
          "p",
          { class: "mensuel" },
          montant(v.montant_mensuel_applicable, "montant_mensuel_applicable"),
          " par mois, pendant 12 mois",
        ),
        h(
          "p",
          {},
          "Soit ",
          montant(v.montant_annuel_applicable, "montant_annuel_applicable"),
          " par an (sur 12 mois).",
        ),
        h("p", { class: "applicable" }, h("strong", {}, "C'est le montant qui s'applique. "),
          v.raison),
        h(
          "p",
          {},
          "Sans le maintien pendant l'été : ",
          montant(r.montant_mensuel, "montant_mensuel"),
          " par mois pendant 10 mois, soit ",
          montant(r.montant_annuel, "montant_annuel"),
          " par an.",
        ),
      ]
    : [
        h(
          "p",
          { class: "mensuel" },
          montant(r.montant_mensuel, "montant_mensuel"),
          " par mois, pendant 10 mois",
        ),
        h("p", {}, "Soit ", montant(r.montant_annuel, "montant_annuel"), " par an (sur 10 mois)."),
        h(
          "p",
          {},
          "Sur 12 mois : ",
          montant(r.montant_annuel_12_mois, "montant_annuel_12_mois"),
          " par an, soit ",
          montant(r.montant_mensuel_12_mois, "montant_mensuel_12_mois"),
          " par mois.",
        ),
        v
          ? h(
              "p",
              { class: "note" },
              v.maintien_grandes_vacances === false
                ? "D'après vos réponses : 10 mensualités, sans maintien pendant l'été ("
                : "D'après vos réponses, le maintien pendant l'été reste à vérifier (",
              h("a", { href: "#etape-douze-mois" }, "10 ou 12 mois"),
              ").",
            )
          : modele("douze-mois"),
      ];
  const o = r.outre_mer;
  let outreMer = null;
  if (o?.applicable === true && o.montant_mensuel_majore != null) {
    outreMer = h(
      "p",
      { class: "applicable" },
      `Majoration outre-mer : ${euros(o.majoration_mensuelle)} de plus par mois, soit `,
      montant(o.montant_mensuel_majore, "montant_mensuel_majore"),
      " par mensualité.",
    );
  } else if (o?.applicable === null && o.lieu_des_etudes && o.majoration_mensuelle != null) {
    outreMer = h(
      "p",
      { class: "note" },
      `Majoration outre-mer de ${euros(o.majoration_mensuelle)} par mois : à vérifier pour ` +
        "votre territoire (",
      h("a", { href: "#etape-outre-mer" }, "études en outre-mer"),
      ").",
    );
  }
  return h(
    "div",
    { class: "carte-echelon", "data-duree": douzeMois ? "12" : "10" },
    h("p", { class: "echelon" }, h("span", {}, "Échelon "), h("strong", {}, r.echelon)),
    versement,
    outreMer,
  );
}

function marges(r) {
  const m = r.marges ?? {};
  const phrases = [];
  if (!r.echelon) {
    if (m.baisse_necessaire != null) {
      phrases.push([
        "Il faudrait un revenu brut global plus bas de ",
        h("strong", {}, euros(m.baisse_necessaire)),
        " pour obtenir l'échelon 0bis.",
      ]);
    }
  } else {
    if (m.hausse_possible === 0) {
      phrases.push([
        "Votre revenu est exactement au plafond de l'échelon ",
        r.echelon,
        " : le moindre euro de plus vous ferait changer d'échelon.",
      ]);
    } else if (m.hausse_possible != null) {
      phrases.push([
        "Votre revenu peut augmenter de ",
        h("strong", {}, euros(m.hausse_possible)),
        ` sans que vous perdiez l'échelon ${r.echelon}`,
        r.plafond != null ? ` (plafond : ${euros(r.plafond)}).` : ".",
      ]);
    }
    if (m.baisse_necessaire != null && m.echelon_superieur) {
      phrases.push([
        "Avec un revenu plus bas de ",
        h("strong", {}, euros(m.baisse_necessaire)),
        `, vous passeriez à l'échelon ${m.echelon_superieur}.`,
      ]);
    } else if (r.echelon === ECHELONS.at(-1)) {
      phrases.push([`L'échelon ${r.echelon} est le plus élevé.`]);
    }
  }
  return h("ul", { class: "marges" }, phrases.map((p) => h("li", {}, p)));
}

/** Les 8 plafonds de la ligne de l'étudiant en barres, et son revenu en trait vertical. */
function graphique(r, plafonds) {
  const revenu = r.revenu_brut_global;
  const largeur = 340;
  const gauche = 66;
  const reserve = 82; // colonne des valeurs, à droite, que le trait du revenu ne croise jamais
  const hautBarres = 34;
  const pas = 30;
  const epaisseur = 20;
  const hauteur = hautBarres + pas * plafonds.length + 6;
  const maximum = Math.max(...plafonds, revenu) || 1;
  const x = (v) => gauche + (v / maximum) * (largeur - gauche - reserve);
  const id = "graphique-ligne";

  const rangVotre = r.echelon ? ECHELONS.indexOf(r.echelon) : -1;
  const titre = `Plafonds de chaque échelon pour ${points(r.ligne_du_tableau)} de charge, ` +
    `en ${r.annee_universitaire}, et votre revenu`;
  const description = r.echelon
    ? `Votre revenu de ${euros(revenu)} ne dépasse pas le plafond de l'échelon ${r.echelon} ` +
      `(${euros(plafonds[rangVotre])})` +
      (rangVotre + 1 < plafonds.length
        ? ` mais dépasse celui de l'échelon ${ECHELONS[rangVotre + 1]} ` +
          `(${euros(plafonds[rangVotre + 1])}).`
        : ".")
    : `Votre revenu de ${euros(revenu)} dépasse le plafond de l'échelon 0bis ` +
      `(${euros(plafonds[0])}) : pas de bourse.`;

  const svg = s("svg", {
    viewBox: `0 0 ${largeur} ${hauteur}`,
    role: "img",
    "aria-labelledby": `${id}-titre ${id}-desc`,
    class: "barres",
  });
  svg.append(s("title", { id: `${id}-titre` }, titre), s("desc", { id: `${id}-desc` }, description));

  plafonds.forEach((plafond, rang) => {
    const y = hautBarres + rang * pas;
    const classe = rang === rangVotre ? "barre votre" : plafond >= revenu ? "barre atteint" : "barre";
    svg.append(
      s("text", { class: "libelle", x: 0, y: y + epaisseur / 2 + 5 }, `Éch. ${ECHELONS[rang]}`),
      s("rect", {
        class: classe,
        x: gauche,
        y,
        width: Math.max(x(plafond) - gauche, 1).toFixed(1),
        height: epaisseur,
        rx: 3,
      }),
      s(
        "text",
        {
          class: rang === rangVotre ? "valeur votre" : "valeur",
          x: largeur,
          y: y + epaisseur / 2 + 5,
          "text-anchor": "end",
        },
        euros(plafond),
      ),
    );
  });
  const xr = x(revenu).toFixed(1);
  svg.append(
    s("line", { class: "revenu", x1: xr, x2: xr, y1: hautBarres - 8, y2: hauteur - 2 }),
    s(
      "text",
      {
        class: "revenu-texte",
        x: Math.min(Math.max(Number(xr), gauche + 60), largeur - 60),
        y: 16,
        "text-anchor": "middle",
      },
      `Votre revenu : ${euros(revenu)}`,
    ),
  );

  const valeurs = h(
    "details",
    {},
    h("summary", {}, "Les valeurs du graphique"),
    h(
      "ul",
      {},
      plafonds.map((plafond, rang) =>
        h(
          "li",
          {},
          `Échelon ${ECHELONS[rang]} : plafond ${euros(plafond)}`,
          rang === rangVotre ? " (votre échelon)" : "",
        ),
      ),
      h("li", {}, `Votre revenu : ${euros(revenu)}`),
    ),
  );

  return h(
    "figure",
    { class: "graphique graphique-ligne" },
    svg,
    h(
      "figcaption",
      {},
      `${description} La valeur en gras est celle de votre échelon ; le trait pointillé ` +
        "marque votre revenu.",
    ),
    valeurs,
  );
}

function tableauDesAnnees(r, comparaison, donnees) {
  const lignes = comparaison.map(({ annee, reponse }) => {
    const resultat = annee === r.annee_universitaire ? r : reponse?.resultat;
    const votre = annee === r.annee_universitaire;
    const cellules = resultat
      ? [
          h("td", {}, resultat.echelon ?? "pas de bourse"),
          h("td", {}, resultat.echelon ? euros(resultat.montant_mensuel) : "—"),
          h("td", {}, resultat.echelon ? euros(resultat.montant_annuel) : "—"),
        ]
      : [h("td", { colspan: "3" }, "non calculé")];
    return h(
      "tr",
      { class: votre ? "choisie" : null, "data-annee": annee },
      h(
        "th",
        { scope: "row" },
        annee,
        votre ? h("span", { class: "choix" }, "votre choix") : null,
        donnees.get(annee)?.statut === "provisoire"
          ? h("span", { class: "choix" }, "provisoire")
          : null,
      ),
      cellules,
    );
  });
  return h(
    "div",
    { class: "defilement", role: "region", tabindex: "0", "aria-labelledby": "titre-comparaison" },
    h(
      "table",
      { class: "comparaison" },
      h("caption", { id: "titre-comparaison" }, "Votre situation avec le barème de chaque année"),
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          h("th", { scope: "col" }, "Année"),
          h("th", { scope: "col" }, "Échelon"),
          h("th", { scope: "col" }, "Par mois, sur 10 mois"),
          h("th", { scope: "col" }, "Par an"),
        ),
      ),
      h("tbody", {}, lignes),
    ),
  );
}

function adresseDePartage(entree, blocs) {
  return `${location.origin}${location.pathname}#${fragmentDe(entree, blocs)}`;
}

function partage(entree, blocs) {
  const lien = h(
    "a",
    { id: "lien-partage", href: adresseDePartage(entree, blocs) },
    "Partager cette estimation",
  );
  const bloc = h(
    "div",
    { class: "partage" },
    h("p", {}, lien),
    h(
      "p",
      { class: "note" },
      "Ce lien contient votre situation, revenu compris, et vos réponses aux étapes " +
        "facultatives, après le signe « # » : cette partie n'est jamais envoyée au site. Ne le " +
        "donnez qu'à qui vous voulez.",
    ),
  );
  if (navigator.clipboard?.writeText) {
    const retour = h("span", { class: "note", role: "status" });
    const bouton = h("button", { type: "button", class: "secondaire" }, "Copier le lien");
    bouton.addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText(lien.href);
        retour.textContent = "Lien copié.";
      } catch {
        retour.textContent = "Copie impossible : appuyez longuement sur le lien pour le copier.";
      }
    });
    bloc.append(h("p", { class: "copie" }, bouton, " ", retour));
  }
  return bloc;
}

// --- Démarrage ------------------------------------------------------------------------------

document.getElementById("estimer").disabled = false; // le module a la main : l'envoi reste ici
mettreAJourAideRevenu();
const facultatives = creerEtapes({
  h,
  euros,
  montant,
  libellesDeCertitude,
  mouvement,
  repondre: repondreEtape,
});
demarrer();
if (!echoue) {
  creerMontantConnu({ demander });
  annees().catch(() => {});
  restaurer(true);
}
