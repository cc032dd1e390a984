/**
 * The development login's citizens: one for each case of the demo register
 * (src/register/demo-data.ts; test/identity checks that the two agree). Their claims are the
 * standard OpenID Connect ones, as a canton's login would give them.
 * @module
 */

export interface DevAccount {
  /** What one types or picks on the development login page. */
  readonly login: string;
  /** What the case shows on the counter. */
  readonly label: string;
  readonly claims: {
    readonly family_name: string;
    readonly given_name: string;
    readonly birthdate: string;
    readonly email: string;
    readonly address: {
      readonly street_address: string;
      readonly postal_code: string;
      readonly locality: string;
      readonly country: string;
    };
  };
}

const account = (
  login: string,
  label: string,
  family_name: string,
  given_name: string,
  birthdate: string,
  street_address: string,
  postal_code: string,
  locality: string,
): DevAccount => ({
  login,
  label,
  claims: {
    family_name,
    given_name,
    birthdate,
    email: `${login}@example.ch`,
    address: { street_address, postal_code, locality, country: "CH" },
  },
});

export const DEV_ACCOUNTS: readonly DevAccount[] = [
  account("anna", "no proceedings", "Keller", "Anna", "1985-03-14", "Rue du Marché 5", "2800", "Delémont"),
  account(
    "marc",
    "proceedings and loss certificates",
    "Rossier",
    "Marc André",
    "1978-11-02",
    "Route de Bâle 21",
    "2800",
    "Delémont",
  ),
  account(
    "jean",
    "two people of this name and birth date (ambiguous)",
    "Dupont",
    "Jean",
    "1990-06-01",
    "Grand-Rue 10",
    "2950",
    "Courgenay",
  ),
  account(
    "sophie",
    "the register has another address",
    "Marchand",
    "Sophie",
    "1982-09-23",
    "Via Cantonale 4",
    "6900",
    "Lugano",
  ),
  account("luc", "not in the register", "Nobody", "Luc", "2000-01-01", "Rue Neuve 1", "2800", "Delémont"),
];
