/**
 * Signing in with the office token (checked against `GET /api/v1/office`, then kept in this
 * tab's session storage) and signing out.
 * @module
 */
import { ApiError, api } from "../api.ts";
import { byId, h } from "../dom.ts";
import { checkChain } from "./chain-status.ts";
import { TOKEN_KEY, errorText, render, state, t, type Office } from "./state.ts";

export function signInView(): HTMLElement {
  const input = h("input", {
    id: "token",
    name: "token",
    type: "password",
    autocomplete: "off",
    spellcheck: "false",
    required: true,
    "aria-describedby": state.signInError ? "token-error" : null,
    "aria-invalid": state.signInError ? "true" : null,
  });
  return h(
    "section",
    { class: "card narrow", "aria-labelledby": "signin-title" },
    h("h1", { id: "signin-title" }, t("signInTitle")),
    h("p", null, t("signInIntro")),
    h(
      "form",
      {
        novalidate: true,
        onsubmit: (e: Event) => {
          e.preventDefault();
          void signIn(input.value.trim());
        },
      },
      h(
        "div",
        { class: "field" },
        h("label", { for: "token" }, t("tokenLabel")),
        input,
        state.signInError
          ? h("p", { id: "token-error", class: "field-error", role: "alert" }, state.signInError)
          : null,
      ),
      h("button", { type: "submit", class: "primary" }, t("signIn")),
    ),
  );
}

async function signIn(token: string): Promise<void> {
  if (!token) {
    state.signInError = t("badToken");
    render();
    byId("token").focus();
    return;
  }
  try {
    const { body } = await api<Office>("/api/v1/office", { token });
    state.token = token;
    state.office = body;
    state.signInError = null;
    try {
      sessionStorage.setItem(TOKEN_KEY, token);
    } catch {
      // Kept in memory only.
    }
    render();
    byId("main").querySelector<HTMLElement>("h1")?.focus();
    void checkChain();
  } catch (e) {
    state.signInError = e instanceof ApiError && e.status === 401 ? t("badToken") : errorText(e);
    render();
    byId("token").focus();
  }
}

export function signOut(): void {
  try {
    sessionStorage.removeItem(TOKEN_KEY);
  } catch {
    // Nothing stored.
  }
  state.token = null;
  state.office = null;
  state.list = { query: "", filter: "", items: [], next: null, loaded: false, notice: null };
  render();
}
