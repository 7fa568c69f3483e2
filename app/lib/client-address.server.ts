import { BlockList, isIPv4 } from "node:net";
import type { Request } from "express";
import { logEvent } from "./log.server";

/**
 * The address sign-in throttling counts failures against. Behind a reverse
 * proxy every connection comes from the proxy, so an address that is really
 * the proxy's (or this machine's) would make the 50-failures-per-address limit
 * one limit shared by everyone: one person could then stop everyone signing in.
 * Such an address is reported as unknown (null), and then only the
 * per-account limit applies. A warning says once what to configure.
 */

/** Loopback, private and link-local networks: where a reverse proxy or load balancer sits. */
const LOCAL_NETWORKS = new BlockList();
LOCAL_NETWORKS.addSubnet("127.0.0.0", 8, "ipv4");
LOCAL_NETWORKS.addSubnet("10.0.0.0", 8, "ipv4");
LOCAL_NETWORKS.addSubnet("172.16.0.0", 12, "ipv4");
LOCAL_NETWORKS.addSubnet("192.168.0.0", 16, "ipv4");
LOCAL_NETWORKS.addSubnet("169.254.0.0", 16, "ipv4");
LOCAL_NETWORKS.addAddress("::1", "ipv6");
LOCAL_NETWORKS.addSubnet("fc00::", 7, "ipv6");
LOCAL_NETWORKS.addSubnet("fe80::", 10, "ipv6");

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet("127.0.0.0", 8, "ipv4");
LOOPBACK.addAddress("::1", "ipv6");

/** "::ffff:127.0.0.1" (an IPv4 client on a dual-stack socket) is 127.0.0.1. */
export function normaliseAddress(address: string) {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped ? mapped[1] : address;
}

function inList(list: BlockList, address: string) {
  return list.check(address, isIPv4(address) ? "ipv4" : "ipv6");
}

const warned = new Set<string>();

function warnOnce(key: string, message: string) {
  if (warned.has(key)) return;
  warned.add(key);
  logEvent("proxy-warning", { message });
}

export function clientAddress(req: Request): string | null {
  const peer = req.socket.remoteAddress ? normaliseAddress(req.socket.remoteAddress) : null;
  if (!peer) return null;
  const ip = req.ip ? normaliseAddress(req.ip) : peer;
  // A proxy the server trusts named the client.
  if (ip !== peer) return ip;
  const forwarded = req.headers["x-forwarded-for"] !== undefined || req.headers.forwarded !== undefined;
  const trusts = req.app.get("trust proxy fn") as (address: string, hop: number) => boolean;
  if (trusts(peer, 0)) {
    warnOnce(
      "no-forwarded-for",
      `a request came through the trusted proxy ${peer} without X-Forwarded-For, so the client's address is unknown and sign-in throttling per address is off for it. Make the proxy send X-Forwarded-For (nginx: proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for).`,
    );
    return null;
  }
  if (inList(LOOPBACK, peer) || (forwarded && inList(LOCAL_NETWORKS, peer))) {
    if (forwarded) {
      warnOnce(
        "untrusted-proxy",
        `requests arrive through a proxy at ${peer}, but TRUST_PROXY does not name it, so clients' addresses are unknown and sign-in throttling per address is off. Set TRUST_PROXY to the number of proxies (usually 1) or to the proxy's address.`,
      );
    }
    // A connection from this machine (or an unnamed proxy) says nothing about who is signing in.
    return null;
  }
  return peer;
}
