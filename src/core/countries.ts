/**
 * Country codes an address may carry: the 249 officially assigned ISO 3166-1 alpha-2 codes
 * (ISO 3166 Maintenance Agency, as of 2026), and `XK` for Kosovo, a user-assigned code that the
 * Swiss federal administration and the European Union use. Reserved, withdrawn and other
 * user-assigned codes (`UK`, `EU`, `ZZ`, `QQ`...) are not countries. A table rather than a
 * library: the core runs in the browser, and the codes change about once a decade.
 * @module
 */

const CODES =
  "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ " +
  "BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ " +
  "CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ " +
  "DE DJ DK DM DO DZ " +
  "EC EE EG EH ER ES ET " +
  "FI FJ FK FM FO FR " +
  "GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY " +
  "HK HM HN HR HT HU " +
  "ID IE IL IM IN IO IQ IR IS IT " +
  "JE JM JO JP " +
  "KE KG KH KI KM KN KP KR KW KY KZ " +
  "LA LB LC LI LK LR LS LT LU LV LY " +
  "MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ " +
  "NA NC NE NF NG NI NL NO NP NR NU NZ " +
  "OM " +
  "PA PE PF PG PH PK PL PM PN PR PS PT PW PY " +
  "QA " +
  "RE RO RS RU RW " +
  "SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ " +
  "TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ " +
  "UA UG UM US UY UZ " +
  "VA VC VE VG VI VN VU " +
  "WF WS " +
  "YE YT " +
  "ZA ZM ZW";

/** The officially assigned codes, and Kosovo's `XK`. */
export const COUNTRY_CODES: ReadonlySet<string> = new Set([...CODES.split(" "), "XK"]);

/** True when `code` is a country an address may name (upper case, see {@link COUNTRY_CODES}). */
export function isCountryCode(code: string): boolean {
  return COUNTRY_CODES.has(code);
}

/** Countries whose postal codes are four digits, 1000 to 9999: Switzerland and Liechtenstein. */
export const FOUR_DIGIT_POSTAL_CODES: ReadonlySet<string> = new Set(["CH", "LI"]);

/** True when `postalCode` has the form of the postal codes of `country` (checked for CH and LI). */
export function isPostalCodeOf(country: string, postalCode: string): boolean {
  return !FOUR_DIGIT_POSTAL_CODES.has(country) || /^[1-9]\d{3}$/.test(postalCode);
}
