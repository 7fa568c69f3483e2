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
});

export type Env = {
  isProduction: boolean;
  port: number;
  host: string;
  databaseUrl: string;
  sessionSecrets: string[];
  cookieSecure: boolean;
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
  };
}

let cached: Env | undefined;

export function getEnv(): Env {
  cached ??= readEnv();
  return cached;
}
