// Outils partagés par les scripts des pages : nombres et montants à la française, et une
// petite fabrique d'éléments HTML (jamais de innerHTML : le texte reste du texte).

const formats = new Map();
function format(decimales, style) {
  const cle = `${decimales}-${style}`;
  if (!formats.has(cle)) {
    formats.set(
      cle,
      new Intl.NumberFormat("fr-FR", {
        ...(style === "euros" ? { style: "currency", currency: "EUR" } : {}),
        minimumFractionDigits: decimales,
        maximumFractionDigits: decimales,
      }),
    );
  }
  return formats.get(cle);
}

/** « 3 828 € », « 382,80 € » : sans décimale pour un montant entier, deux sinon. */
export function euros(valeur) {
  return format(Number.isInteger(valeur) ? 0 : 2, "euros").format(valeur);
}

export function nombre(valeur) {
  return format(Number.isInteger(valeur) ? 0 : 2, "nombre").format(valeur);
}

/** Un élément HTML : h("p", {class: "note"}, "texte", autreElement). */
export function h(balise, attributs = {}, ...enfants) {
  const el = document.createElement(balise);
  for (const [nom, valeur] of Object.entries(attributs)) {
    if (valeur !== null && valeur !== undefined && valeur !== false) el.setAttribute(nom, valeur);
  }
  el.append(...enfants.flat(Infinity).filter((e) => e !== null && e !== undefined && e !== false));
  return el;
}

/** Un montant lisible et sa valeur exacte pour les machines : <data value="…">… €</data>. */
export function montant(valeur, champ) {
  return h("data", { value: String(valeur), "data-champ": champ }, euros(valeur));
}

/** Les libellés des degrés de certitude (« lu dans le texte officiel »…), écrits une seule fois
 * dans la page (gabarit #libelles-certitude) : code → libellé. */
export function libellesDeCertitude() {
  const modele = document.getElementById("libelles-certitude");
  return new Map(
    [...modele.content.querySelectorAll("[data-fiabilite]")]
      .map((el) => [el.dataset.fiabilite, el.textContent]),
  );
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
