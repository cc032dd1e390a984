/**
 * The OpenAPI 3.1 description of `/api/v1` and the operations endpoints, served at
 * `/api/v1/openapi.json`. A spec document kept as typed data: its enums come from the code's own
 * lists (error codes, check codes, revocation reasons), and `test/http/openapi.test.ts` walks the
 * router against it both ways (every route documented, every documented operation routed), with
 * who may call each (the office token) and which are rate limited.
 * @module
 */
import { ERROR_CODES } from "../core/errors.ts";
import { REVOCATION_REASONS } from "../core/revocation.ts";
import { CHECK_CODES } from "../core/verdict.ts";

const REASONS = Object.keys(REVOCATION_REASONS);

const error = {
  type: "object",
  required: ["error"],
  properties: {
    error: {
      type: "object",
      required: ["code", "message"],
      properties: {
        code: { type: "string", enum: [...ERROR_CODES] },
        message: { type: "string" },
        details: {},
      },
    },
  },
};

const errorResponse = (description: string) => ({
  description,
  content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
});

/** Every answer of POST /api/v1/verify says its time; a 503 (and a 429) when to retry. */
const timed = <T extends object>(response: T, retry = false) => ({
  ...response,
  headers: {
    "Server-Timing": { $ref: "#/components/headers/ServerTiming" },
    ...(retry ? { "Retry-After": { $ref: "#/components/headers/RetryAfter" } } : {}),
  },
});

export const openApiDocument = {
  openapi: "3.1.0",
  info: {
    title: "Sceau API",
    version: "1.0.0",
    description: "Issue sealed debt-collection register extracts and verify them.",
    license: { name: "Apache-2.0", identifier: "Apache-2.0" },
  },
  components: {
    securitySchemes: {
      office: {
        type: "http",
        scheme: "bearer",
        description:
          "The office's token, checked before any of the request body is read: a missing or wrong token is 401 UNAUTHENTICATED, and more than SCEAU_RATE_AUTH_FAILURES_PER_MINUTE of them from one client address in a minute are 429 RATE_LIMITED (with Retry-After).",
      },
    },
    headers: {
      ServerTiming: {
        description: "verify;dur=<ms>: the service's own time for the request",
        schema: { type: "string", example: "verify;dur=7.21" },
      },
      RetryAfter: { description: "Seconds to wait before asking again", schema: { type: "integer" } },
    },
    schemas: {
      Error: error,
      Revocation: {
        type: "object",
        properties: {
          scope: { type: "string", enum: ["extract", "batch"] },
          reason: { type: "string", enum: [...REASONS] },
          state: { type: "string", enum: ["pending", "recorded"], description: "`recorded` once on chain" },
          requestedAt: { type: "string", format: "date-time" },
          revokedAt: { type: ["string", "null"], format: "date-time", description: "Block time" },
          txHash: { type: ["string", "null"] },
        },
      },
      ExtractStatus: {
        type: "object",
        properties: {
          id: { type: "string", example: "ABCD-EFGH-IJKL-MNOP" },
          office: { type: "string" },
          reference: { type: ["string", "null"] },
          state: {
            type: "string",
            enum: ["pending", "anchoring", "anchored", "final"],
            description:
              "`anchoring` once the transaction is sent, `anchored` once it is included in a block, `final` once that block has SCEAU_MIN_CONFIRMATIONS confirmations (see docs/anchoring.md)",
          },
          issuedAt: { type: "string", format: "date-time" },
          batch: {
            type: ["object", "null"],
            properties: {
              root: { type: "string" },
              txHash: { type: ["string", "null"] },
              blockNumber: { type: ["integer", "null"] },
              anchoredAt: { type: ["string", "null"], format: "date-time" },
              confirmations: { type: ["integer", "null"] },
            },
          },
          revocation: { oneOf: [{ $ref: "#/components/schemas/Revocation" }, { type: "null" }] },
          links: { type: "object" },
        },
      },
      ExtractList: {
        type: "object",
        properties: {
          items: {
            type: "array",
            items: {
              type: "object",
              properties: {
                id: { type: "string" },
                reference: { type: ["string", "null"] },
                debtorName: { type: ["string", "null"] },
                issuedAt: { type: "string", format: "date-time" },
                state: { type: "string", enum: ["pending", "anchoring", "anchored", "final"] },
                batch: { type: ["object", "null"] },
                revocation: { type: ["object", "null"] },
                links: { type: "object" },
              },
            },
          },
          nextCursor: { type: ["string", "null"], description: "Pass as `cursor` for the next page" },
        },
      },
      BatchStatus: {
        type: "object",
        properties: {
          root: { type: "string" },
          office: { type: ["string", "null"] },
          size: { type: "integer" },
          state: { type: "string", enum: ["pending", "anchoring", "anchored", "final"] },
          txHash: { type: ["string", "null"] },
          blockNumber: { type: ["integer", "null"] },
          anchoredAt: { type: ["string", "null"], format: "date-time" },
          confirmations: { type: ["integer", "null"] },
          extracts: { type: "array", items: { type: "string" } },
          revocation: { oneOf: [{ $ref: "#/components/schemas/Revocation" }, { type: "null" }] },
        },
      },
      RevokeRequest: {
        type: "object",
        required: ["reason"],
        properties: { reason: { type: "string", enum: [...REASONS] } },
      },
      BulkJob: {
        type: "object",
        properties: {
          id: { type: "string" },
          office: { type: ["string", "null"] },
          state: { type: "string", enum: ["running", "finished", "interrupted"] },
          total: { type: "integer", description: "Lines holding an extract" },
          processed: { type: "integer" },
          accepted: { type: "integer" },
          failed: { type: "integer" },
          anchored: { type: "integer" },
          createdAt: { type: "string", format: "date-time" },
          finishedAt: { type: ["string", "null"], format: "date-time" },
          ratePerSecond: { type: ["number", "null"] },
          etaSeconds: { type: ["integer", "null"] },
          links: { type: "object" },
        },
      },
      BulkLines: {
        type: "object",
        properties: {
          lines: {
            type: "array",
            items: {
              type: "object",
              properties: {
                line: { type: "integer" },
                extractId: { type: ["string", "null"] },
                created: {
                  type: "boolean",
                  description: "false: the office's reference named an earlier extract",
                },
                error: {
                  type: ["object", "null"],
                  properties: {
                    code: { type: "string" },
                    message: { type: "string" },
                    issues: {
                      type: "array",
                      items: {
                        type: "object",
                        properties: {
                          path: { type: "string" },
                          code: { type: "string", description: "Field issue code (docs/api.md)" },
                          message: { type: "string" },
                        },
                      },
                    },
                  },
                },
                reference: { type: "string", description: "A failed line's reference, as its text gives it" },
                debtorName: { type: "string", description: "A failed line's debtor, as its text gives it" },
              },
            },
          },
          nextAfterLine: { type: ["integer", "null"], description: "Pass as `after` for the next page" },
        },
      },
      Check: {
        type: "object",
        required: ["code", "status", "message"],
        properties: {
          code: { type: "string", enum: [...CHECK_CODES] },
          status: { type: "string", enum: ["valid", "invalid", "error", "skipped"] },
          reason: {
            type: "string",
            description:
              "Why a check is not valid (README, How verification works). PDF_INTEGRITY: REVISION_NOT_FOUND, EXTRA_CHANGES, UNOFFICIAL_QR_TEXT (the stamp is not the seal behind the registry's official address), IMAGE_AS_PDF (a picture sent as a PDF or holding one); skipped: NO_FILE, IMAGE. SEAL_FORMAT: a seal decoding code, QR_TEXT_INVALID or QR_LINK_INVALID",
          },
          params: { type: "object" },
          message: { type: "string" },
        },
      },
      VerificationReport: {
        type: "object",
        required: ["verdict", "scope", "summary", "warnings", "warningParams", "checks", "source", "lang"],
        properties: {
          verdict: { type: "string", enum: ["valid", "modified", "revoked", "invalid", "unavailable"] },
          scope: {
            type: "string",
            enum: ["document", "data"],
            description:
              "What was proven: `document`, the file is byte for byte the PDF issued; `data`, only the seal (QR text, photo, scan, a PDF copy): the paper must say the same",
          },
          summary: { type: "string" },
          lang: { type: "string", enum: ["fr", "de", "it", "en"] },
          decoding: { type: ["object", "null"] },
          warnings: {
            type: "array",
            items: { type: "string", enum: ["stale", "not-yet-final", "unofficial-address"] },
            description:
              "Never change the verdict. `unofficial-address`: the QR link opens another address than the registry's official one (see warningParams)",
          },
          warningParams: {
            type: "object",
            description: "For `unofficial-address`: `address` (what the QR code opens) and `officialAddress`",
            properties: { address: { type: "string" }, officialAddress: { type: "string" } },
          },
          source: { type: "string", enum: ["qr-text", "pdf", "image"] },
          checks: { type: "array", items: { $ref: "#/components/schemas/Check" } },
          document: { type: ["object", "null"] },
          keyData: { type: ["object", "null"] },
          issuer: {
            type: ["object", "null"],
            description:
              "From the verifier's trust list: `name` (the office's, else the registry's), `chainId`, `registry`, `office` ({id, name, names, canton, cantonName, address} or null)",
          },
          anchor: { type: ["object", "null"] },
          revocation: { type: ["object", "null"] },
        },
      },
    },
  },
  paths: {
    "/api/v1/openapi.json": {
      get: {
        summary: "This description of the API (OpenAPI 3.1)",
        responses: {
          "200": {
            description: "The OpenAPI document",
            content: { "application/json": { schema: { type: "object" } } },
          },
        },
      },
    },
    "/api/v1/office": {
      get: {
        summary: "The office the bearer token belongs to (the console shows its name)",
        security: [{ office: [] }],
        responses: {
          "200": {
            description: "The office",
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  required: ["id", "name"],
                  properties: {
                    id: { type: "string" },
                    name: { type: "string" },
                    alarm: {
                      type: ["object", "null"],
                      description:
                        "The compromise alarm (docs/anchoring.md): null while none went off; else `count` and the `latest` alarms (`kind`: anchored, role or withdrawn, `message`, `txHash`, `blockNumber`, `seenAt`)",
                    },
                  },
                },
              },
            },
          },
          "401": errorResponse("UNAUTHENTICATED"),
        },
      },
    },
    "/api/v1/extracts": {
      post: {
        summary: "Issue an extract",
        security: [{ office: [] }],
        parameters: [
          { name: "wait", in: "query", schema: { type: "boolean" }, description: "Answer once anchored." },
        ],
        requestBody: { required: true, content: { "application/json": { schema: { type: "object" } } } },
        responses: {
          "201": {
            description: "Issued and anchored",
            content: { "application/json": { schema: { $ref: "#/components/schemas/ExtractStatus" } } },
          },
          "200": { description: "Same office and reference as an earlier extract: that extract" },
          "202": {
            description: "Stored (durably); anchoring pending (see the Location header)",
            content: { "application/json": { schema: { $ref: "#/components/schemas/ExtractStatus" } } },
          },
          "400": errorResponse("VALIDATION_FAILED with every bad field's path, or BAD_REQUEST"),
          "401": errorResponse("UNAUTHENTICATED"),
          "403": errorResponse("FORBIDDEN: the extract names another office"),
          "413": errorResponse("PAYLOAD_TOO_LARGE: the body is over 1 MiB once decompressed"),
          "429": errorResponse(
            "RATE_LIMITED (with Retry-After): the office's issuing requests per minute, or refused tokens from this address",
          ),
          "503": errorResponse(
            "BACKLOG_FULL (with Retry-After): too many extracts wait for the chain; JOURNAL_UNAVAILABLE: the journal cannot write (disk full), nothing was stored",
          ),
        },
      },
      get: {
        summary: "The office's extracts, newest first",
        security: [{ office: [] }],
        parameters: [
          {
            name: "query",
            in: "query",
            schema: { type: "string" },
            description: "Words all found in the id, reference or debtor name (case and accents ignored)",
          },
          {
            name: "state",
            in: "query",
            schema: { type: "string", enum: ["pending", "anchoring", "anchored", "revoked"] },
          },
          {
            name: "cursor",
            in: "query",
            schema: { type: "string" },
            description: "`nextCursor` of the previous page",
          },
          { name: "limit", in: "query", schema: { type: "integer", minimum: 1, maximum: 200, default: 50 } },
        ],
        responses: {
          "200": {
            description: "One page",
            content: { "application/json": { schema: { $ref: "#/components/schemas/ExtractList" } } },
          },
          "400": errorResponse("BAD_REQUEST: bad state, cursor or limit"),
          "401": errorResponse("UNAUTHENTICATED"),
        },
      },
    },
    "/api/v1/extracts/{id}": {
      get: {
        summary: "Status of an extract",
        security: [{ office: [] }],
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
        responses: {
          "200": {
            description: "Status",
            content: { "application/json": { schema: { $ref: "#/components/schemas/ExtractStatus" } } },
          },
          "403": errorResponse("FORBIDDEN: another office's extract"),
          "404": errorResponse("NOT_FOUND"),
        },
      },
    },
    "/api/v1/extracts/{id}/pdf": {
      get: {
        summary: "The sealed PDF",
        security: [{ office: [] }],
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
        responses: {
          "200": { description: "PDF", content: { "application/pdf": {} } },
          "403": errorResponse("FORBIDDEN: another office's extract"),
          "409": errorResponse("CONFLICT: not anchored yet"),
        },
      },
    },
    "/api/v1/extracts/{id}/qr": {
      get: {
        summary: "The QR text of the seal (what the stamp encodes)",
        security: [{ office: [] }],
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
        responses: {
          "200": {
            description: "QR text",
            content: {
              "application/json": { schema: { type: "object", properties: { qr: { type: "string" } } } },
            },
          },
          "403": errorResponse("FORBIDDEN: another office's extract"),
          "409": errorResponse("CONFLICT: not anchored yet"),
        },
      },
    },
    "/api/v1/extracts/{id}/revoke": {
      post: {
        summary: "Revoke one extract (its leaf) with a reason",
        security: [{ office: [] }],
        parameters: [
          { name: "id", in: "path", required: true, schema: { type: "string" } },
          {
            name: "wait",
            in: "query",
            schema: { type: "boolean", default: true },
            description: "Answer once on chain.",
          },
        ],
        requestBody: {
          required: true,
          content: { "application/json": { schema: { $ref: "#/components/schemas/RevokeRequest" } } },
        },
        responses: {
          "200": {
            description: "Revocation recorded on chain (or asked again with the same reason)",
            content: { "application/json": { schema: { $ref: "#/components/schemas/ExtractStatus" } } },
          },
          "202": {
            description: "Stored; recorded on chain once the extract is anchored and the chain answers",
          },
          "400": errorResponse("BAD_REQUEST: unknown reason"),
          "403": errorResponse("FORBIDDEN: another office's extract"),
          "409": errorResponse("CONFLICT: revoked already for another reason, or with its whole batch"),
          "413": errorResponse("PAYLOAD_TOO_LARGE: the body is over 1 KiB once decompressed"),
          "429": errorResponse("RATE_LIMITED: the office's issuing requests per minute"),
        },
      },
    },
    "/api/v1/batches/{root}": {
      get: {
        summary: "A batch of the office: its extracts, anchoring and revocation",
        security: [{ office: [] }],
        parameters: [{ name: "root", in: "path", required: true, schema: { type: "string" } }],
        responses: {
          "200": {
            description: "Batch",
            content: { "application/json": { schema: { $ref: "#/components/schemas/BatchStatus" } } },
          },
          "403": errorResponse("FORBIDDEN: another office's batch"),
          "404": errorResponse("NOT_FOUND"),
        },
      },
    },
    "/api/v1/batches/{root}/revoke": {
      post: {
        summary: "Revoke a whole batch (its root) with a reason",
        security: [{ office: [] }],
        parameters: [
          { name: "root", in: "path", required: true, schema: { type: "string" } },
          { name: "wait", in: "query", schema: { type: "boolean", default: true } },
        ],
        requestBody: {
          required: true,
          content: { "application/json": { schema: { $ref: "#/components/schemas/RevokeRequest" } } },
        },
        responses: {
          "200": {
            description: "Revocation recorded on chain",
            content: { "application/json": { schema: { $ref: "#/components/schemas/BatchStatus" } } },
          },
          "202": {
            description: "Stored; recorded on chain once the batch is anchored and the chain answers",
          },
          "403": errorResponse("FORBIDDEN: another office's batch"),
          "409": errorResponse("CONFLICT: revoked already for another reason"),
          "413": errorResponse("PAYLOAD_TOO_LARGE: the body is over 1 KiB once decompressed"),
          "429": errorResponse("RATE_LIMITED: the office's issuing requests per minute"),
        },
      },
    },
    "/api/v1/counter/orders": {
      get: {
        summary: "The office's online counter orders (newest first), or its review queue (oldest first)",
        description:
          "Each order says which counter it came through: `channel` online or agent, with the agent's post office. See docs/counter.md.",
        security: [{ office: [] }],
        parameters: [{ name: "state", in: "query", schema: { type: "string", enum: ["review"] } }],
        responses: {
          "200": { description: "`{items: [order]}`; review orders carry the register's candidates" },
          "400": errorResponse("BAD_REQUEST: an unknown state"),
        },
      },
    },
    "/api/v1/counter/orders/{id}": {
      get: {
        summary: "One counter order with every state change and who made it",
        security: [{ office: [] }],
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
        responses: {
          "200": { description: "The order and its `events`" },
          "404": errorResponse("NOT_FOUND: no such order of this office"),
        },
      },
    },
    "/api/v1/counter/orders/{id}/confirm": {
      post: {
        summary:
          "Confirm the person of an order in review (a candidate, or null: none of them); the extract is issued",
        security: [{ office: [] }],
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
        requestBody: {
          required: true,
          content: {
            "application/json": {
              schema: {
                type: "object",
                required: ["personId"],
                properties: { personId: { type: ["string", "null"] } },
              },
            },
          },
        },
        responses: {
          "200": { description: "The order, now being issued" },
          "404": errorResponse("NOT_FOUND: no such order of this office"),
          "409": errorResponse("CONFLICT: the order is not in review (decided meanwhile)"),
          "400": errorResponse("VALIDATION_FAILED: not one of the order's candidates"),
          "429": errorResponse("RATE_LIMITED: the office's issuing requests per minute"),
          "503": errorResponse(
            "REGISTER_UNAVAILABLE: the register did not answer; the order stays in review",
          ),
        },
      },
    },
    "/api/v1/counter/orders/{id}/refuse": {
      post: {
        summary: "Refuse an order in review, with the reason the citizen reads",
        security: [{ office: [] }],
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
        requestBody: {
          required: true,
          content: {
            "application/json": {
              schema: {
                type: "object",
                required: ["reason"],
                properties: { reason: { type: "string", minLength: 3, maxLength: 500 } },
              },
            },
          },
        },
        responses: {
          "200": { description: "The refused order" },
          "404": errorResponse("NOT_FOUND: no such order of this office"),
          "409": errorResponse("CONFLICT: the order is not in review"),
          "400": errorResponse("VALIDATION_FAILED: no reason of 3 to 500 characters"),
          "429": errorResponse("RATE_LIMITED: the office's issuing requests per minute"),
        },
      },
    },
    "/api/v1/bulk": {
      post: {
        summary: "Issue many extracts from JSON Lines (one extract per line) or CSV (docs/issuing.md)",
        security: [{ office: [] }],
        requestBody: {
          required: true,
          content: {
            "application/x-ndjson": { schema: { type: "string" } },
            "text/csv": { schema: { type: "string" } },
          },
        },
        responses: {
          "202": {
            description: "Job stored and started; poll its Location for progress",
            content: { "application/json": { schema: { $ref: "#/components/schemas/BulkJob" } } },
          },
          "400": errorResponse("BAD_REQUEST: not UTF-8, no extract, or a CSV that cannot be read"),
          "413": errorResponse(
            "PAYLOAD_TOO_LARGE: over SCEAU_BULK_MAX_BYTES (once decompressed) or SCEAU_BULK_MAX_LINES",
          ),
          "415": errorResponse("UNSUPPORTED_MEDIA_TYPE"),
          "429": errorResponse("RATE_LIMITED: the office's issuing requests per minute"),
        },
      },
    },
    "/api/v1/bulk/{id}": {
      get: {
        summary: "Progress of a bulk job: counts, rate and ETA",
        security: [{ office: [] }],
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
        responses: {
          "200": {
            description: "Progress",
            content: { "application/json": { schema: { $ref: "#/components/schemas/BulkJob" } } },
          },
          "403": errorResponse("FORBIDDEN: another office's job"),
          "404": errorResponse("NOT_FOUND"),
        },
      },
    },
    "/api/v1/bulk/{id}/lines": {
      get: {
        summary: "Outcome of each line of a bulk job, in line order",
        security: [{ office: [] }],
        parameters: [
          { name: "id", in: "path", required: true, schema: { type: "string" } },
          { name: "outcome", in: "query", schema: { type: "string", enum: ["accepted", "failed"] } },
          {
            name: "after",
            in: "query",
            schema: { type: "integer" },
            description: "Only lines after this one",
          },
          {
            name: "limit",
            in: "query",
            schema: { type: "integer", minimum: 1, maximum: 5000, default: 500 },
          },
        ],
        responses: {
          "200": {
            description: "One page of lines",
            content: { "application/json": { schema: { $ref: "#/components/schemas/BulkLines" } } },
          },
          "403": errorResponse("FORBIDDEN: another office's job"),
        },
      },
    },
    "/api/v1/bulk/{id}/pdfs.zip": {
      get: {
        summary: "The sealed PDFs of a bulk job's ready extracts as one ZIP, streamed, with manifest.csv",
        security: [{ office: [] }],
        parameters: [
          { name: "id", in: "path", required: true, schema: { type: "string" } },
          {
            name: "part",
            in: "query",
            schema: { type: "integer", minimum: 1, default: 1 },
            description: "500 PDFs a part; the X-Sceau-Zip-Parts header says how many parts there are",
          },
        ],
        responses: {
          "200": {
            description: "The ZIP",
            content: { "application/zip": { schema: { type: "string", format: "binary" } } },
          },
          "403": errorResponse("FORBIDDEN: another office's job"),
          "404": errorResponse("NOT_FOUND: no such job or part"),
          "409": errorResponse("CONFLICT: no extract of the job is ready yet"),
        },
      },
    },
    "/api/v1/verify": {
      post: {
        summary: "Verify a PDF, a photo or scan (JPEG, PNG, WebP), or scanned QR text",
        parameters: [
          {
            name: "lang",
            in: "query",
            schema: { type: "string", enum: ["fr", "de", "it", "en"] },
            description: "Language of the messages; else Accept-Language, else English.",
          },
        ],
        requestBody: {
          required: true,
          content: {
            "application/pdf": { schema: { type: "string", format: "binary" } },
            "image/jpeg": { schema: { type: "string", format: "binary" } },
            "image/png": { schema: { type: "string", format: "binary" } },
            "image/webp": { schema: { type: "string", format: "binary" } },
            "application/octet-stream": { schema: { type: "string", format: "binary" } },
            "multipart/form-data": {
              schema: {
                type: "object",
                properties: {
                  file: {
                    type: "string",
                    format: "binary",
                    description:
                      "Typed by its bytes: %PDF- in the first 1,024 bytes makes it a PDF. A picture whose part is typed application/pdf or named *.pdf is never valid (PDF_INTEGRITY IMAGE_AS_PDF)",
                  },
                  qr: { type: "string" },
                },
              },
            },
            "application/json": {
              schema: { type: "object", properties: { qr: { type: "string" } }, required: ["qr"] },
            },
          },
        },
        responses: {
          "200": timed({
            description: "Verdict",
            content: { "application/json": { schema: { $ref: "#/components/schemas/VerificationReport" } } },
          }),
          "400": timed(errorResponse("BAD_REQUEST")),
          "413": timed(
            errorResponse(
              "PAYLOAD_TOO_LARGE (a file over SCEAU_MAX_UPLOAD_BYTES, JSON over 32 KiB once decompressed), IMAGE_TOO_LARGE, PDF_TOO_MANY_PAGES, PDF_CONTENT_TOO_LARGE (a page decodes to more than 4 bytes per pixel of SCEAU_MAX_PIXELS, or needs more memory to draw) or TIME_BUDGET_EXCEEDED",
            ),
          ),
          "415": timed(errorResponse("UNSUPPORTED_MEDIA_TYPE (details.accepted) or HEIC_UNSUPPORTED")),
          "422": timed(errorResponse("QR_NOT_FOUND, PDF_UNREADABLE or IMAGE_UNREADABLE")),
          "429": timed(
            errorResponse("RATE_LIMITED (with Retry-After): verifications per client address per minute"),
            true,
          ),
          "503": timed(
            {
              description:
                "The verdict `unavailable` (the chain could not be read: a report), or VERIFY_BUSY (an error: too many files wait to be decoded from pixels, the file waited longer than SCEAU_VERIFY_QUEUE_WAIT_MS, or its address has SCEAU_VERIFY_JOBS_PER_ADDRESS files being decoded; details.reason)",
              content: {
                "application/json": {
                  schema: {
                    oneOf: [
                      { $ref: "#/components/schemas/VerificationReport" },
                      { $ref: "#/components/schemas/Error" },
                    ],
                  },
                },
              },
            },
            true,
          ),
        },
      },
    },
    "/api/v1/roots/{root}": {
      get: {
        summary: "Anchor and revocation facts of a root (nothing personal): what the verification page asks",
        parameters: [
          { name: "root", in: "path", required: true, schema: { type: "string" } },
          { name: "chainId", in: "query", schema: { type: "integer" } },
          { name: "registry", in: "query", schema: { type: "string" } },
          {
            name: "leaf",
            in: "query",
            deprecated: true,
            description:
              "A leaf whose revocation to answer in leafRevocation. The verification page no longer sends it (a leaf is one extract's stable pseudonym): it finds its leaf in revokedLeaves",
            schema: { type: "string" },
          },
        ],
        responses: {
          "200": {
            description: "Facts",
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  properties: {
                    registry: {
                      type: "object",
                      description:
                        "The trust list's entry: name, chainId, address, verifyUrl (base URL of its official verification page: its QR codes are <verifyUrl>/v#<seal>)",
                    },
                    root: { type: "string" },
                    leaf: { type: "string", description: "Only when the deprecated leaf parameter was sent" },
                    anchored: { type: "boolean" },
                    issuer: { type: "string", nullable: true },
                    issuerAuthorised: { type: "boolean" },
                    anchoredAt: { type: "string", format: "date-time", nullable: true },
                    anchorEvent: {
                      type: "object",
                      nullable: true,
                      description: "blockNumber and txHash of the anchoring",
                    },
                    rootRevocation: {
                      type: "object",
                      nullable: true,
                      description: "revokedAt, reasonCode, reason",
                    },
                    revokedLeaves: {
                      type: "array",
                      description:
                        "Every leaf revoked under this root (from the registry's LeafRevoked events naming it, read back from its state): leaf, revokedAt, reasonCode, reason",
                      items: { type: "object" },
                    },
                    leafRevocation: {
                      type: "object",
                      nullable: true,
                      description:
                        "revokedAt, reasonCode, reason of the deprecated leaf parameter's leaf; null without it",
                    },
                    blockNumber: { type: "integer", description: "The block the facts were read at" },
                    policy: {
                      type: "object",
                      description:
                        "maxAgeDays and minConfirmations, as the server's own verification applies them",
                    },
                    checkedAt: { type: "string", format: "date-time", description: "The service's clock" },
                  },
                },
              },
            },
          },
          "404": errorResponse("NOT_FOUND: registry not trusted"),
          "429": errorResponse("RATE_LIMITED: shares the verification limit"),
          "503": errorResponse("CHAIN_UNAVAILABLE, with details.registry (the trust list's entry)"),
        },
      },
    },
    "/healthz": {
      get: {
        summary: "Liveness: the process answers",
        responses: { "200": { description: '{"status": "ok"}' } },
      },
    },
    "/readyz": {
      get: {
        summary:
          "Readiness: the chain answers (registry deployed), the journal answers and has free space, the issuer runs",
        responses: {
          "200": {
            description:
              '{"status": "ready", "checks": {"chain", "journal", "issuer"}}: each {ok, ms, error?: {code, message}}; how much disk is free is in /metrics only',
          },
          "503": {
            description: '{"status": "not-ready", "checks": ...}: each failed check has an error code',
          },
        },
      },
    },
    "/metrics": {
      get: {
        summary: "Prometheus metrics (text format); needs SCEAU_METRICS_TOKEN as bearer when it is set",
        responses: {
          "200": { description: "Metrics", content: { "text/plain": { schema: { type: "string" } } } },
          "401": errorResponse("UNAUTHENTICATED: the metrics token is missing or wrong"),
        },
      },
    },
  },
} as const;
