/**
 * The online counter's review queue in the office console: orders whose person the register
 * could not settle alone (several candidates, or a birth date or address that differs). A clerk
 * confirms the person (one of the candidates, or none: the register holds nothing of them) and
 * the extract is issued, or refuses with a reason the citizen reads. Each order says which
 * counter it came through (online, or a post office's).
 * @module
 */
import type { Language } from "../../core/extract.ts";
import { api } from "../api.ts";
import { h } from "../dom.ts";
import { errorText, render, state, type Tab } from "./state.ts";

interface Candidate {
  readonly personId: string;
  readonly lastName: string;
  readonly firstNames: string;
  readonly dateOfBirth: string;
  readonly address: {
    readonly street: string;
    readonly houseNumber?: string;
    readonly postalCode: string;
    readonly town: string;
  };
  readonly matches: { readonly name: boolean; readonly dateOfBirth: boolean; readonly address: boolean };
}

interface ReviewOrder {
  readonly id: string;
  readonly channel: "online" | "agent";
  readonly postOffice: string | null;
  readonly person: Omit<Candidate, "personId" | "matches">;
  readonly candidates: readonly Candidate[];
  readonly createdAt: string;
}

const WORDS = {
  fr: {
    tab: "Guichet en ligne",
    title: "Commandes à vérifier",
    empty: "Aucune commande à vérifier.",
    online: "En ligne",
    agent: "Au guichet postal {p}",
    asked: "Demandé pour",
    candidates: "Personnes du registre",
    same: "concorde",
    differs: "diffère",
    name: "Nom",
    birth: "Naissance",
    address: "Adresse",
    none: "Aucune de ces personnes (rien au registre)",
    confirm: "Confirmer la personne et établir l'extrait",
    reason: "Motif du refus (lu par le citoyen)",
    refuse: "Refuser",
    done: "Décision enregistrée.",
    reload: "Actualiser",
  },
  de: {
    tab: "Online-Schalter",
    title: "Zu prüfende Bestellungen",
    empty: "Keine Bestellungen zu prüfen.",
    online: "Online",
    agent: "Am Postschalter {p}",
    asked: "Bestellt für",
    candidates: "Personen im Register",
    same: "stimmt",
    differs: "weicht ab",
    name: "Name",
    birth: "Geburt",
    address: "Adresse",
    none: "Keine dieser Personen (nichts im Register)",
    confirm: "Person bestätigen und Auszug ausstellen",
    reason: "Grund der Ablehnung (für die Bürgerin oder den Bürger)",
    refuse: "Ablehnen",
    done: "Entscheid gespeichert.",
    reload: "Aktualisieren",
  },
  it: {
    tab: "Sportello online",
    title: "Ordini da verificare",
    empty: "Nessun ordine da verificare.",
    online: "Online",
    agent: "Allo sportello postale {p}",
    asked: "Richiesto per",
    candidates: "Persone nel registro",
    same: "concorda",
    differs: "differisce",
    name: "Nome",
    birth: "Nascita",
    address: "Indirizzo",
    none: "Nessuna di queste persone (nulla nel registro)",
    confirm: "Confermare la persona e rilasciare l'estratto",
    reason: "Motivo del rifiuto (letto dal cittadino)",
    refuse: "Rifiutare",
    done: "Decisione registrata.",
    reload: "Aggiornare",
  },
  en: {
    tab: "Online counter",
    title: "Orders to review",
    empty: "No orders to review.",
    online: "Online",
    agent: "At post office counter {p}",
    asked: "Ordered for",
    candidates: "People in the register",
    same: "agrees",
    differs: "differs",
    name: "Name",
    birth: "Birth",
    address: "Address",
    none: "None of these people (nothing in the register)",
    confirm: "Confirm the person and issue the extract",
    reason: "Reason for refusing (the citizen reads it)",
    refuse: "Refuse",
    done: "Decision recorded.",
    reload: "Refresh",
  },
} as const satisfies Record<Language, Record<string, string>>;

type Word = keyof (typeof WORDS)["en"];
const w = (key: Word, p = ""): string => WORDS[state.lang][key].replace("{p}", p);

const review = {
  items: [] as ReviewOrder[],
  loaded: false,
  notice: null as { kind: "ok" | "error"; text: string } | null,
};

/** The tab's name in the console's bar. */
export const REVIEW_TAB: Tab = "review";
export function reviewTabLabel(): string {
  return w("tab");
}

async function load(): Promise<void> {
  try {
    const { body } = await api<{ items: ReviewOrder[] }>("/api/v1/counter/orders?state=review", {
      token: state.token,
    });
    review.items = body.items;
  } catch (e) {
    review.notice = { kind: "error", text: errorText(e) };
  }
  review.loaded = true;
  render();
}

async function decide(id: string, action: "confirm" | "refuse", json: unknown): Promise<void> {
  try {
    await api(`/api/v1/counter/orders/${encodeURIComponent(id)}/${action}`, {
      method: "POST",
      token: state.token,
      json,
    });
    review.notice = { kind: "ok", text: w("done") };
  } catch (e) {
    review.notice = { kind: "error", text: errorText(e) };
  }
  await load();
}

const line = (p: ReviewOrder["person"]): string =>
  `${p.firstNames} ${p.lastName}, ${p.dateOfBirth}, ${p.address.street}${p.address.houseNumber ? ` ${p.address.houseNumber}` : ""}, ${p.address.postalCode} ${p.address.town}`;

function orderCard(o: ReviewOrder): HTMLElement {
  const group = `person-${o.id}`;
  const agrees = (ok: boolean, what: Word): string => `${w(what)}: ${ok ? w("same") : w("differs")}`;
  const choices = [
    ...o.candidates.map((c, i) =>
      h(
        "label",
        { class: "choice" },
        h("input", { type: "radio", name: group, value: c.personId, checked: i === 0 }),
        ` ${line(c)} (${agrees(c.matches.name, "name")}; ${agrees(c.matches.dateOfBirth, "birth")}; ${agrees(c.matches.address, "address")})`,
      ),
    ),
    h(
      "label",
      { class: "choice" },
      h("input", { type: "radio", name: group, value: "", checked: o.candidates.length === 0 }),
      ` ${w("none")}`,
    ),
  ];
  const reasonId = `reason-${o.id}`;
  return h(
    "article",
    { class: "card review-order", "data-order": o.id },
    h("h2", null, line(o.person)),
    h(
      "p",
      { class: "muted" },
      `${o.channel === "agent" ? w("agent", o.postOffice ?? "") : w("online")} · ${o.createdAt.slice(0, 16).replace("T", " ")}`,
    ),
    h(
      "form",
      {
        onsubmit: (e: Event) => {
          e.preventDefault();
          const picked = (e.currentTarget as HTMLFormElement).querySelector<HTMLInputElement>(
            `input[name="${group}"]:checked`,
          );
          void decide(o.id, "confirm", { personId: picked && picked.value !== "" ? picked.value : null });
        },
      },
      h("fieldset", null, h("legend", null, w("candidates")), choices),
      h("button", { type: "submit" }, w("confirm")),
    ),
    h(
      "form",
      {
        onsubmit: (e: Event) => {
          e.preventDefault();
          const reason =
            (e.currentTarget as HTMLFormElement).querySelector<HTMLTextAreaElement>("textarea")?.value ?? "";
          void decide(o.id, "refuse", { reason });
        },
      },
      h("label", { for: reasonId }, w("reason")),
      h("textarea", { id: reasonId, name: "reason", rows: 2, required: true, minlength: 3, maxlength: 500 }),
      h("button", { type: "submit", class: "secondary" }, w("refuse")),
    ),
  );
}

/** The review tab's view. */
export function reviewView(): HTMLElement {
  if (!review.loaded) queueMicrotask(() => void load());
  return h(
    "section",
    { "aria-labelledby": "review-title" },
    h("h1", { id: "review-title", tabindex: "-1" }, w("title")),
    h(
      "div",
      { role: "status", "aria-live": "polite" },
      review.notice ? h("p", { class: `notice ${review.notice.kind}` }, review.notice.text) : null,
    ),
    h("button", { type: "button", class: "link", onclick: () => void load() }, w("reload")),
    review.loaded && review.items.length === 0 ? h("p", { class: "muted" }, w("empty")) : null,
    review.items.map(orderCard),
  );
}
