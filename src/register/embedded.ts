/**
 * The embedded register: a SQLite database (better-sqlite3, the journal's library) of persons,
 * their proceedings and loss certificates, and companies, for development and the demo. It
 * starts filled with the demo people ({@link DEMO_PERSONS}) when the database is new. An office
 * in production connects its own register system (src/register/connector.ts) instead.
 * @module
 */
import Database from "better-sqlite3";
import { SceauError } from "../core/errors.ts";
import { foldSearch, type Entry, type EntryStatus, type LossCertificate } from "../core/extract.ts";
import type { PostalAddress, RegisterPort, RegisterRecord } from "../counter/ports.ts";
import { DEMO_COMPANIES, DEMO_PERSONS } from "./demo-data.ts";
import { candidatesOf } from "./match.ts";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS persons (
  office TEXT NOT NULL, person_id TEXT NOT NULL, last_name TEXT NOT NULL, last_name_folded TEXT NOT NULL,
  first_names TEXT NOT NULL, date_of_birth TEXT NOT NULL, street TEXT NOT NULL, house_number TEXT,
  postal_code TEXT NOT NULL, town TEXT NOT NULL, country TEXT NOT NULL,
  PRIMARY KEY (office, person_id)
);
CREATE INDEX IF NOT EXISTS persons_by_birth ON persons (office, date_of_birth);
CREATE INDEX IF NOT EXISTS persons_by_name ON persons (office, last_name_folded);
CREATE INDEX IF NOT EXISTS persons_by_postcode ON persons (office, postal_code);
CREATE TABLE IF NOT EXISTS companies (
  office TEXT NOT NULL, company_id TEXT NOT NULL, name TEXT NOT NULL, uid TEXT NOT NULL,
  street TEXT NOT NULL, house_number TEXT, postal_code TEXT NOT NULL, town TEXT NOT NULL, country TEXT NOT NULL,
  PRIMARY KEY (office, company_id)
);
CREATE TABLE IF NOT EXISTS entries (
  office TEXT NOT NULL, owner_id TEXT NOT NULL, case_number TEXT NOT NULL, date TEXT NOT NULL,
  creditor TEXT NOT NULL, amount TEXT NOT NULL, status TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS entries_by_owner ON entries (office, owner_id);
CREATE TABLE IF NOT EXISTS loss_certificates (
  office TEXT NOT NULL, owner_id TEXT NOT NULL, number TEXT NOT NULL, date TEXT NOT NULL,
  creditor TEXT NOT NULL, amount TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS losses_by_owner ON loss_certificates (office, owner_id);
`;

interface PersonRow {
  person_id: string;
  last_name: string;
  first_names: string;
  date_of_birth: string;
  street: string;
  house_number: string | null;
  postal_code: string;
  town: string;
  country: string;
}

const addressOf = (
  r: Omit<PersonRow, "person_id" | "last_name" | "first_names" | "date_of_birth">,
): PostalAddress => ({
  street: r.street,
  ...(r.house_number === null ? {} : { houseNumber: r.house_number }),
  postalCode: r.postal_code,
  town: r.town,
  country: r.country,
});

const personOf = (r: PersonRow) => ({
  personId: r.person_id,
  lastName: r.last_name,
  firstNames: r.first_names,
  dateOfBirth: r.date_of_birth,
  address: addressOf(r),
});

export interface EmbeddedRegister extends RegisterPort {
  close(): void;
}

/**
 * The register in the SQLite file at `path` (`:memory:` for one that lasts as long as the
 * process), filled with the demo people under `demoOffices` when it holds nobody yet.
 */
export function embeddedRegister(path: string, demoOffices: readonly string[]): EmbeddedRegister {
  const db = new Database(path, { timeout: 200 });
  db.pragma("journal_mode = WAL");
  db.exec(SCHEMA);
  const count = db.prepare("SELECT COUNT(*) AS n FROM persons").get() as { n: number };
  if (count.n === 0) seed(db, demoOffices);

  const search = db.prepare(
    `SELECT * FROM persons WHERE office = ? AND (date_of_birth = ? OR last_name_folded = ? OR postal_code = ?) ORDER BY person_id`,
  );
  const person = db.prepare("SELECT * FROM persons WHERE office = ? AND person_id = ?");
  const entries = db.prepare(
    "SELECT case_number, date, creditor, amount, status FROM entries WHERE office = ? AND owner_id = ? ORDER BY date, rowid",
  );
  const losses = db.prepare(
    "SELECT number, date, creditor, amount FROM loss_certificates WHERE office = ? AND owner_id = ? ORDER BY date, rowid",
  );
  // A local file cannot be "unavailable" the way a remote system is, but a broken one can: the
  // counter then says so rather than issuing from nothing.
  const guarded = <T>(f: () => T): T => {
    try {
      return f();
    } catch (cause) {
      if (cause instanceof SceauError) throw cause;
      throw new SceauError("REGISTER_UNAVAILABLE", "The embedded register could not be read.", { cause });
    }
  };

  return {
    async search(query) {
      return await Promise.resolve(
        guarded(() => {
          const rows = search.all(
            query.office,
            query.dateOfBirth,
            foldSearch(query.lastName),
            query.address.postalCode,
          );
          return candidatesOf(query, (rows as PersonRow[]).map(personOf));
        }),
      );
    },
    async record(office, personId): Promise<RegisterRecord> {
      return await Promise.resolve(
        guarded(() => {
          const row = person.get(office, personId) as PersonRow | undefined;
          if (row === undefined) {
            throw new SceauError("REGISTER_UNAVAILABLE", "The register holds no such person (any more).");
          }
          const e = entries.all(office, personId) as {
            case_number: string;
            date: string;
            creditor: string;
            amount: string;
            status: EntryStatus;
          }[];
          const l = losses.all(office, personId) as LossCertificate[];
          return {
            ...personOf(row),
            entries: e.map(
              (x): Entry => ({
                caseNumber: x.case_number,
                date: x.date,
                creditor: x.creditor,
                amount: x.amount,
                status: x.status,
              }),
            ),
            lossCertificates: l.map((x) => ({
              number: x.number,
              date: x.date,
              creditor: x.creditor,
              amount: x.amount,
            })),
          };
        }),
      );
    },
    close() {
      db.close();
    },
  };
}

function seed(db: Database.Database, offices: readonly string[]): void {
  const person = db.prepare(
    `INSERT INTO persons VALUES (@office, @personId, @lastName, @folded, @firstNames, @dateOfBirth, @street, @houseNumber, @postalCode, @town, @country)`,
  );
  const company = db.prepare(
    `INSERT INTO companies VALUES (@office, @companyId, @name, @uid, @street, @houseNumber, @postalCode, @town, @country)`,
  );
  const entry = db.prepare(
    `INSERT INTO entries VALUES (@office, @owner, @caseNumber, @date, @creditor, @amount, @status)`,
  );
  const loss = db.prepare(
    `INSERT INTO loss_certificates VALUES (@office, @owner, @number, @date, @creditor, @amount)`,
  );
  db.transaction(() => {
    for (const office of offices) {
      for (const p of DEMO_PERSONS) {
        person.run({
          office,
          personId: p.personId,
          lastName: p.lastName,
          folded: foldSearch(p.lastName),
          firstNames: p.firstNames,
          dateOfBirth: p.dateOfBirth,
          ...p.address,
          houseNumber: p.address.houseNumber ?? null,
        });
        for (const e of p.entries) entry.run({ office, owner: p.personId, ...e });
        for (const l of p.lossCertificates) loss.run({ office, owner: p.personId, ...l });
      }
      for (const c of DEMO_COMPANIES) {
        company.run({
          office,
          companyId: c.companyId,
          name: c.name,
          uid: c.uid,
          ...c.address,
          houseNumber: c.address.houseNumber ?? null,
        });
        for (const e of c.entries) entry.run({ office, owner: c.companyId, ...e });
        for (const l of c.lossCertificates) loss.run({ office, owner: c.companyId, ...l });
      }
    }
  })();
}
