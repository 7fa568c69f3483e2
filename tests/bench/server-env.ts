/**
 * The environment every benchmark runs the app with: production, the given
 * database, a fixed session secret, plain-HTTP cookies, no demo data, no
 * background jobs and no directory rate limit (the load comes from one address).
 */
export function benchAppEnvironment(database: string) {
  return {
    NODE_ENV: "production" as const,
    DATABASE_URL: database,
    SESSION_SECRET: "bench-".padEnd(48, "x"),
    COOKIE_SECURE: "false",
    SEED_DEMO_DATA: "false",
    JOBS_DISABLED: "true",
    DIRECTORY_RATE_LIMIT: "100000000",
  };
}
