import "@remix-run/node";

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** The nonce this response's Content-Security-Policy allows scripts with. */
    cspNonce: string;
    /** The client's address, for throttling sign-in; null when it is unknown (see client-address.server.ts). */
    clientIp: string | null;
  }
}
