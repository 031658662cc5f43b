// Outils partagés par les scripts des pages : une petite fabrique d'éléments HTML (jamais de
// innerHTML : le texte reste du texte), et le rendu des phrases que le calculateur écrit
// (`presentation` de sa réponse, docs/interface.md) : la page n'en compose aucune.

/** Un élément HTML : h("p", {class: "note"}, "texte", autreElement). */
export function h(balise, attributs = {}, ...enfants) {
  const el = document.createElement(balise);
  for (const [nom, valeur] of Object.entries(attributs)) {
    if (valeur !== null && valeur !== undefined && valeur !== false) el.setAttribute(nom, valeur);
  }
  el.append(...enfants.flat(Infinity).filter((e) => e !== null && e !== undefined && e !== false));
  return el;
}

/** L'élément d'un morceau de phrase, selon son rôle ; un texte reste un texte. */
const ROLES = {
  fort: (m) => h("strong", {}, m.texte),
  etiquette: (m) => h("span", {}, m.texte),
  // Un montant lisible et sa valeur exacte pour les machines : <data value="…">… €</data>.
  montant: (m) => h("data", { value: String(m.valeur), "data-champ": m.champ }, m.texte),
  renvoi: (m) => {
    const etape = document.querySelector(`.etape[data-bloc="${CSS.escape(m.bloc)}"]`);
    return etape ? h("a", { href: `#${etape.id}` }, m.texte) : m.texte;
  },
  revenus: (m) => h("strong", { "data-revenus": m.code }, m.texte),
  // Un service officiel nommé dans la phrase : un lien simple, suivi seulement si on le touche.
  lien: (m) => h("a", { href: m.adresse }, m.texte),
};

/** Une phrase du calculateur (une liste de morceaux) en nœuds de la page. */
export function phrase(morceaux) {
  return (morceaux ?? []).map((m) => (typeof m === "string" ? m : (ROLES[m.role]?.(m) ?? m.texte)));
}

/** La classe du paragraphe de chaque genre de bloc (« texte » : aucune). */
const GENRES = {
  refus: "refus",
  revenu_a_revoir: "revenu-a-revoir",
  echelon: "echelon",
  echelon_si_remplie: "echelon si-remplie",
  montant_principal: "mensuel",
  applicable: "applicable",
  note: "note",
};

/** Les conditions « à vérifier » d'un bloc {genre: "a_verifier", conditions} : chacune nommée
 * par un lien vers la question qui y répond (`ancre`, l'identifiant de la question ou de son
 * étape), puis ce que le calculateur en dit. */
function aVerifier(bloc) {
  return h(
    "ul",
    { class: "a-verifier" },
    (bloc.conditions ?? []).map((c) =>
      h(
        "li",
        { "data-condition": c.condition },
        c.ancre
          ? h("a", { href: `#${c.ancre}`, "data-cible": c.ancre }, c.libelle)
          : h("strong", {}, c.libelle),
        "\u00a0: ",
        phrase(c.morceaux),
      ),
    ),
  );
}

/** Un bloc du calculateur ({genre, morceaux}) en paragraphe ; `modele(nom)` donne le texte fixe
 * de la page d'un bloc {genre: "modele"}. */
export function paragraphe(bloc, modele = () => null) {
  if (!bloc) return null;
  if (bloc.genre === "modele") return modele(bloc.modele);
  if (bloc.genre === "a_verifier") return aVerifier(bloc);
  return h("p", { class: GENRES[bloc.genre] ?? null }, phrase(bloc.morceaux));
}

/** La carte d'un résultat ({bourse, duree, blocs}) : une div.carte-echelon, ses blocs dans
 * l'ordre ; `attributs` s'ajoutent à ceux de la carte. */
export function carte(donnees, { attributs = {}, modele } = {}) {
  return h(
    "div",
    {
      class: donnees.bourse ? "carte-echelon" : "carte-echelon sans-bourse",
      ...attributs,
      "data-duree": donnees.duree === null ? null : String(donnees.duree),
    },
    donnees.blocs.map((bloc) => paragraphe(bloc, modele)),
  );
}

/** La marque de certitude d'un code (« lu », « recoupe »…) : une copie de celle que le site
 * écrit une seule fois dans la page (gabarit #libelles-certitude), brève et menant à son sens
 * sur la page des sources ; pour un code inconnu, le code seul. */
export function marquesDeCertitude() {
  const modele = document.getElementById("libelles-certitude");
  const marques = new Map(
    [...modele.content.querySelectorAll("[data-fiabilite]")].map((el) => [el.dataset.fiabilite, el]),
  );
  return (code) => marques.get(code)?.cloneNode(true) ?? document.createTextNode(code);
}

/** Le jour de l'appareil, « AAAA-MM-JJ », à l'heure locale. */
export function jourDeLAppareil(maintenant = new Date()) {
  return [
    maintenant.getFullYear(),
    String(maintenant.getMonth() + 1).padStart(2, "0"),
    String(maintenant.getDate()).padStart(2, "0"),
  ].join("-");
}

/** L'année que propose une liste d'années universitaires le jour de l'appareil : celle dont la
 * période de demande (data-du, data-au, écrites à la construction par calculator.saison)
 * contient ce jour ; avant la première, la plus ancienne ; après la dernière, la plus récente. */
export function anneeDeLaDemande(select, jour = jourDeLAppareil()) {
  const options = [...select.options].filter((o) => o.dataset.du)
    .sort((a, b) => a.dataset.du.localeCompare(b.dataset.du));
  if (options.length === 0) return select.value;
  const contenant = options.find((o) => o.dataset.du <= jour && jour <= o.dataset.au);
  if (contenant) return contenant.value;
  return (jour < options[0].dataset.du ? options[0] : options[options.length - 1]).value;
}
