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
    // render (15% of CPU on the lesson page; docs/decisions/002).
    v3_lazyRouteDiscovery: false,
    // v3_singleFetch is left off: measured here at a 35-40% throughput cost
    // with the classic compiler (see docs/decisions/001-stack-and-server.md).
  },
};
