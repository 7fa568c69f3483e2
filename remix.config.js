/** @type {import('@remix-run/dev').AppConfig} */
export default {
  ignoredRouteFiles: ["**/.*", "**/*.test.{ts,tsx}"],
  serverModuleFormat: "esm",
  serverPlatform: "node",
  serverDependenciesToBundle: [],
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    // Off: lazy discovery matched every parent path against all routes on each
    // render (measured in docs/decisions/002, decision 8).
    v3_lazyRouteDiscovery: false,
    // v3_singleFetch is left off: it cost throughput with the classic compiler
    // (measured in docs/decisions/001-stack-and-server.md and 002).
  },
};
