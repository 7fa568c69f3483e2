import { isIP } from "node:net";
import { z } from "zod";

const DEVELOPMENT_SESSION_SECRET = "development-only-secret-do-not-use-in-production";

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  DATABASE_URL: z.string().min(1).default("data/champions.db"),
  SESSION_SECRET: z.string().optional(),
  /** Set to "false" only to test a production build over plain http. */
  COOKIE_SECURE: z.enum(["true", "false"]).optional(),
  /** The public address: every absolute link the app writes starts with it. */
  APP_URL: z.string().optional(),
  TRUST_PROXY: z.string().optional(),
});

/**
 * Which proxies in front of the server to believe about the client's address
 * (Express's `trust proxy`): false (none), a number of hops, or a list of
 * addresses, subnets and the names loopback, linklocal and uniquelocal.
 */
export type TrustProxy = false | number | string[];

const PROXY_NAMES = new Set(["loopback", "linklocal", "uniquelocal"]);

function isAddressOrSubnet(entry: string) {
  const [address, prefix, ...rest] = entry.split("/");
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}

/**
 * Parses TRUST_PROXY the way Express documents `trust proxy`. `true` is refused:
 * it believes the left-most X-Forwarded-For address, which any client can write.
 */
export function parseTrustProxy(value: string | undefined): TrustProxy {
  const text = (value ?? "").trim();
  if (text === "" || text === "false" || text === "0") return false;
  if (text === "true") {
    throw new Error(
      "TRUST_PROXY=true would believe any address a client writes in X-Forwarded-For. Set the number of proxies in front of the server (TRUST_PROXY=1) or their addresses (for example TRUST_PROXY=127.0.0.1 or TRUST_PROXY=10.0.0.0/8).",
    );
  }
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    if (hops > 10)
      throw new Error(
        `TRUST_PROXY=${text} is not a believable number of proxies: give the number of proxies in front of the server (usually 1).`,
      );
    return hops;
  }
  const entries = text
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  const wrong = entries.filter((entry) => !PROXY_NAMES.has(entry) && !isAddressOrSubnet(entry));
  if (wrong.length > 0) {
    throw new Error(
      `TRUST_PROXY has ${wrong.map((entry) => `"${entry}"`).join(", ")}, which is neither a number of proxies nor an address, a subnet (10.0.0.0/8), loopback, linklocal or uniquelocal.`,
    );
  }
  return entries;
}

/** APP_URL without a trailing slash; an http or https address with nothing after the host but a path. */
function parseAppUrl(value: string | undefined, port: number) {
  const text = (value ?? `http://localhost:${port}`).trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(
      `APP_URL "${text}" is not a web address: give the public address, such as https://champions.example.org.`,
    );
  }
  if (
    (url.protocol !== "http:" && url.protocol !== "https:") ||
    url.search ||
    url.hash ||
    url.username ||
    url.password
  ) {
    throw new Error(
      `APP_URL "${text}" must be an http or https address with no query, fragment or password, such as https://champions.example.org.`,
    );
  }
  return `${url.origin}${url.pathname}`.replace(/\/$/, "");
}

export type Env = {
  isProduction: boolean;
  port: number;
  host: string;
  databaseUrl: string;
  sessionSecrets: string[];
  cookieSecure: boolean;
  /** The public address without a trailing slash, from APP_URL (else http://localhost:PORT). */
  appUrl: string;
  trustProxy: TrustProxy;
};

/**
 * Reads the configuration from the environment. In production a missing or
 * short SESSION_SECRET stops the server with a clear message.
 */
export function readEnv(source: Record<string, string | undefined> = process.env): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid configuration: ${problems.join("; ")}`);
  }
  const env = parsed.data;
  const isProduction = env.NODE_ENV === "production";
  const secrets = (env.SESSION_SECRET ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (isProduction) {
    if (secrets.length === 0) {
      throw new Error("SESSION_SECRET must be set in production (at least 32 random characters).");
    }
    if (secrets[0].length < 32 || secrets[0] === DEVELOPMENT_SESSION_SECRET) {
      throw new Error("SESSION_SECRET is too weak: use at least 32 random characters.");
    }
  }
  return {
    isProduction,
    port: env.PORT,
    host: env.HOST,
    databaseUrl: env.DATABASE_URL,
    sessionSecrets: secrets.length > 0 ? secrets : [DEVELOPMENT_SESSION_SECRET],
    cookieSecure: env.COOKIE_SECURE ? env.COOKIE_SECURE === "true" : isProduction,
    appUrl: parseAppUrl(env.APP_URL, env.PORT),
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
  };
}

let cached: Env | undefined;

export function getEnv(): Env {
  cached ??= readEnv();
  return cached;
}
