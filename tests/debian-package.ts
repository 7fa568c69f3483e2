/**
 * Installs a Debian package the tests need (Chromium, nginx) when running as
 * root on Debian, as CI does; elsewhere the caller says what to install.
 * Nothing is downloaded except through apt.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";

/** True when `binary` exists, installing `pkg` first when it does not and this is root on Debian. */
export function ensureDebianPackage(pkg: string, binary: string, why: string) {
  if (fs.existsSync(binary)) return true;
  const canInstall =
    process.getuid?.() === 0 && fs.existsSync("/etc/debian_version") && fs.existsSync("/usr/bin/apt-get");
  if (!canInstall) return false;
  console.log(`No ${pkg} found: installing Debian's ${pkg} package ${why}...`);
  execFileSync("apt-get", ["update"], { stdio: "inherit" });
  execFileSync("apt-get", ["install", "-y", "--no-install-recommends", pkg], {
    stdio: "inherit",
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
  return fs.existsSync(binary);
}
