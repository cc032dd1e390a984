/**
 * The OpenAPI 3.1 description of `/api/v1`, served at `/api/v1/openapi.json`.
 * @module
 */
import { ERROR_CODES } from "../core/errors.ts";
import { CHECK_CODES } from "../core/verdict.ts";

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

export const openApiDocument = {
  openapi: "3.1.0",
  info: {
    title: "Sceau API",
    version: "1.0.0",
    description: "Issue sealed debt-collection register extracts and verify them.",
    license: { name: "Apache-2.0", identifier: "Apache-2.0" },
  },
  components: {
    securitySchemes: { office: { type: "http", scheme: "bearer" } },
    schemas: {
      Error: error,
      ExtractStatus: {
        type: "object",
        properties: {
          id: { type: "string", example: "ABCD-EFGH-IJKL-MNOP" },
          office: { type: "string" },
          reference: { type: ["string", "null"] },
          state: { type: "string", enum: ["pending", "anchoring", "anchored"] },
          issuedAt: { type: "string", format: "date-time" },
          batch: {
            type: ["object", "null"],
            properties: {
              root: { type: "string" },
              txHash: { type: ["string", "null"] },
              blockNumber: { type: ["integer", "null"] },
            },
          },
          links: { type: "object" },
        },
      },
      Check: {
        type: "object",
        required: ["code", "status", "message"],
        properties: {
          code: { type: "string", enum: [...CHECK_CODES] },
          status: { type: "string", enum: ["valid", "invalid", "error", "skipped"] },
          reason: { type: "string" },
          params: { type: "object" },
          message: { type: "string" },
        },
      },
      VerificationReport: {
        type: "object",
        required: ["verdict", "summary", "warnings", "checks", "source", "lang"],
        properties: {
          verdict: { type: "string", enum: ["valid", "modified", "revoked", "invalid", "unavailable"] },
          summary: { type: "string" },
          lang: { type: "string", enum: ["fr", "de", "it", "en"] },
          decoding: { type: ["object", "null"] },
          warnings: { type: "array", items: { type: "string", enum: ["stale", "not-yet-final"] } },
          source: { type: "string", enum: ["qr-text", "pdf", "image"] },
          checks: { type: "array", items: { $ref: "#/components/schemas/Check" } },
          document: { type: ["object", "null"] },
          keyData: { type: ["object", "null"] },
          issuer: { type: ["object", "null"] },
          anchor: { type: ["object", "null"] },
          revocation: { type: ["object", "null"] },
        },
      },
    },
  },
  paths: {
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
          "202": { description: "Accepted; anchoring pending (see the Location header)" },
          "400": errorResponse("VALIDATION_FAILED with every bad field's path, or BAD_REQUEST"),
          "401": errorResponse("UNAUTHENTICATED"),
          "403": errorResponse("FORBIDDEN: the extract names another office"),
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
          "409": errorResponse("CONFLICT: not anchored yet"),
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
                properties: { file: { type: "string", format: "binary" }, qr: { type: "string" } },
              },
            },
            "application/json": {
              schema: { type: "object", properties: { qr: { type: "string" } }, required: ["qr"] },
            },
          },
        },
        responses: {
          "200": {
            description: "Verdict (Server-Timing: verify;dur=<ms>)",
            content: { "application/json": { schema: { $ref: "#/components/schemas/VerificationReport" } } },
          },
          "400": errorResponse("BAD_REQUEST"),
          "413": errorResponse(
            "PAYLOAD_TOO_LARGE, IMAGE_TOO_LARGE, PDF_TOO_MANY_PAGES or TIME_BUDGET_EXCEEDED",
          ),
          "415": errorResponse("UNSUPPORTED_MEDIA_TYPE (details.accepted) or HEIC_UNSUPPORTED"),
          "422": errorResponse("QR_NOT_FOUND, PDF_UNREADABLE or IMAGE_UNREADABLE"),
          "503": {
            description: "Verdict `unavailable`: the chain could not be read",
            content: { "application/json": { schema: { $ref: "#/components/schemas/VerificationReport" } } },
          },
        },
      },
    },
    "/api/v1/roots/{root}": {
      get: {
        summary: "Anchor and revocation facts of a root (nothing personal)",
        parameters: [
          { name: "root", in: "path", required: true, schema: { type: "string" } },
          { name: "chainId", in: "query", schema: { type: "integer" } },
          { name: "registry", in: "query", schema: { type: "string" } },
          { name: "leaf", in: "query", schema: { type: "string" } },
        ],
        responses: {
          "200": { description: "Facts" },
          "404": errorResponse("NOT_FOUND: registry not trusted"),
          "503": errorResponse("CHAIN_UNAVAILABLE"),
        },
      },
    },
  },
} as const;
